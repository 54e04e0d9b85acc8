"""全面覆盖's entries in the console's side navigation (the same pages as its tabs)."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [
    Entry(Group.COVERAGE, "覆盖概览", "coverage:dashboard", 10, cap="coverage.view"),
    Entry(Group.COVERAGE, "三同步", "coverage:sync", 20, cap="coverage.view"),
    Entry(Group.COVERAGE, "届满未换届", "coverage:elections", 30, cap="coverage.view"),
    Entry(Group.COVERAGE, "建会任务", "coverage:tasks", 40, cap="coverage.view"),
]
