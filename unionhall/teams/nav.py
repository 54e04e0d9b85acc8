"""班组成本管理's entries in the console's side navigation, under 创新与竞赛: the teams (with a badge counting the
teams of the user's unions that have not entered last month's actual costs) and the ranking."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.orgs.access import Cap
from unionhall.teams import periods, selectors


def missing_count(user: Any) -> int:
    return selectors.missing_actuals(user, periods.last()).count()


ENTRIES = [
    Entry(Group.INNOVATION, "班组成本", "teams:list", 40, cap=Cap.INNOVATION_VIEW, todo=missing_count),
    Entry(Group.INNOVATION, "班组排名", "teams:ranking", 41, cap=Cap.INNOVATION_VIEW),
]
