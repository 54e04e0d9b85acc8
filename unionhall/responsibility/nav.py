"""包片定点's entries in the console's side navigation, under 组织与会员 (who answers for which unit).

The map and the visit lists are the federations' work (PRODUCT.md §3.9): a grassroots union may ask who
answers for it (the API, a unit's map) but is not offered them in its menu, as with the joint meeting's
agenda. A cadre's badge counts their own fixed points whose visit is overdue."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.responsibility import selectors


def at_federation(user: Any) -> bool:
    return access.holds_at_federation(user, Cap.RESPONSIBILITY_VIEW)


ENTRIES = [
    Entry(Group.ORGS, "包片定点", "responsibility:map", 60, shows=at_federation),
    Entry(
        Group.ORGS,
        "走访逾期",
        "responsibility:overdue",
        61,
        cap="responsibility.manage",
        todo=selectors.my_overdue_count,
        todo_topics=("assignments", "visits"),
        todo_daily=True,
    ),
    Entry(Group.ORGS, "定点走访记录", "responsibility:visits", 62, shows=at_federation),
]
