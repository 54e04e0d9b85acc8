"""十送's entry in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.ASSISTANCE, "十送", "ten_services:list", 50, cap="assistance.view")]
