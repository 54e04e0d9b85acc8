"""The hardship archive's entries in the console's side navigation: the archives and their payments."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [
    Entry(Group.ASSISTANCE, "困难职工", "assistance:archive_list", 10, cap="assistance.view"),
    # under /funds/ beside the budgets, where it always was
    Entry(Group.ASSISTANCE, "救助支出", "funds:disbursements", 65, cap="funds.view"),
]
