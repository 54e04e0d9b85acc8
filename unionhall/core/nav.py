"""The audit trail's entry in the console's side navigation."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [Entry(Group.SYSTEM, "审计日志", "console:audit", 10, cap="audit.view")]
