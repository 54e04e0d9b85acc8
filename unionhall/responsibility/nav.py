"""包片定点's entries in the console's side navigation, under 组织与会员 (who answers for which unit).

The map and the lists mean something only to who holds responsibility somewhere; a cadre's badge counts
their own fixed points whose visit is overdue."""

from unionhall.core.navigation import Entry, Group
from unionhall.responsibility import selectors

ENTRIES = [
    Entry(Group.ORGS, "包片定点", "responsibility:map", 60, cap="responsibility.view"),
    Entry(
        Group.ORGS,
        "走访逾期",
        "responsibility:overdue",
        61,
        cap="responsibility.manage",
        todo=selectors.my_overdue_count,
    ),
    Entry(Group.ORGS, "定点走访记录", "responsibility:visits", 62, cap="responsibility.view"),
]
