"""Programmes' entries in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [
    Entry(Group.ASSISTANCE, "帮扶项目", "programmes:list", 20, cap="assistance.view"),
    Entry(Group.ASSISTANCE, "送温暖", "programmes:batches", 30, cap="assistance.view"),
]
