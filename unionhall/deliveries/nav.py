"""十送's entry in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.ASSISTANCE, "十送", "deliveries:list", 50, cap="assistance.view")]
