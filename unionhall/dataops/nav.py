"""The retention page's entry in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.SYSTEM, "保存期限", "dataops:retention", 20, cap="user.manage")]
