"""The hardship archive's entry in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.ASSISTANCE, "困难职工", "assistance:archive_list", 10, cap="assistance.view")]
