"""Reports' entries in the console's side navigation, each in the group whose figures it shows."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [
    Entry(Group.ASSISTANCE, "帮扶报表", "reports:dashboard", 90, cap="assistance.view"),
    Entry(Group.RIGHTS, "维权统计", "reports:rights", 90, cap="rights.view"),
    Entry(Group.INNOVATION, "创新与竞赛统计", "reports:innovation", 90, cap="innovation.view"),
]
