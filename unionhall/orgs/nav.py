"""The tree's entries in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [
    Entry(Group.ORGS, "组织", "orgs:tree", 10, cap="org.view"),
    Entry(Group.ORGS, "用人单位", "orgs:employers", 20, cap="employer.view"),
]
