"""import_file --kind KEY FILE --org CODE [--dry-run] [--all-or-nothing] [--transfer] [--mapping JSON]"""

from unionhall.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "导入任一已登记类型的 Excel/CSV 文件（--kind 选择类型）；最后一行输出 JSON 结果。"
    command_name = "import_file"
