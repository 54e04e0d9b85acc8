"""import_members FILE --org CODE [--dry-run] [--all-or-nothing] [--transfer] [--mapping JSON]"""

from unionhall.imports.cli import ImportCommand
from unionhall.members.import_kind import MEMBERS


class Command(ImportCommand):
    help = "导入会员花名册（.xlsx 或 .csv）到一个基层工会；最后一行输出 JSON 结果。"
    kind = MEMBERS
    command_name = "import_members"
