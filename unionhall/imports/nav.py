"""Imports' entry in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.ORGS, "导入", "imports:list", 50, cap="member.edit")]
