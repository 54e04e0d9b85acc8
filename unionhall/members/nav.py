"""The roster's entries in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.ORGS, "会员", "members:list", 30, cap="member.view")]
