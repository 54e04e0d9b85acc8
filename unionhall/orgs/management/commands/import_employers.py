"""import_employers FILE --org CODE [--dry-run] [--all-or-nothing] [--mapping JSON]"""

from unionhall.imports.cli import ImportCommand
from unionhall.orgs.import_kind import EMPLOYERS


class Command(ImportCommand):
    help = "导入市场监管部门的用人单位名录（按统一社会信用代码新增或更新）；最后一行输出 JSON 结果。"
    kind = EMPLOYERS
    command_name = "import_employers"
