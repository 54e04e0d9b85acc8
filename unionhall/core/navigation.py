"""What an app puts in the console's side navigation: entries declared in `<app>/nav.py` as `ENTRIES`.

The console app (`unionhall/console/`) collects every installed app's `nav.py` and shows a user the entries
they may open, grouped by domain. This module only names the shape, so that apps depend on core and not on
the console above them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Group(StrEnum):
    """The side navigation's groups, one per domain of PRODUCT.md §3, in the order they are shown.
    A group none of the user's entries falls into is not shown."""

    ORGS = "组织与会员"
    COVERAGE = "全面覆盖"
    ASSISTANCE = "帮扶"
    RIGHTS = "维权"
    INNOVATION = "创新与竞赛"
    HONOURS = "评选表彰"
    ASSESSMENT = "考核"
    DEMOCRACY = "民主管理"
    MEETINGS = "联席会议"
    SUPERVISION = "督办"  # supervised tasks, whatever module opened them
    SYSTEM = "系统管理"


GROUP_ORDER: tuple[Group, ...] = tuple(Group)


@dataclass(frozen=True)
class Entry:
    """One link in the side navigation.

    `cap` (a capability value such as "member.view") shows the entry to whoever holds it anywhere;
    `shows(user)` decides instead when holding a capability is not enough (budgets live at federations,
    so a grassroots chair holding funds.view has none to open). Exactly one of the two is given.
    `todo(user)`, when given, counts what waits there for the user (a badge beside the label); it is asked
    whenever the sidebar is drawn, so it must be one cheap scoped count. `todo_topics` name the change
    counts of the tables it reads (core/versions.py): the count is then kept per user until one of them, or
    the user's grants, change. `todo_daily` says the count also moves with the date (an overdue visit, a
    meeting within a week): it is then kept per user and day.
    """

    group: Group
    label: str
    url_name: str
    order: int
    cap: str | None = None
    shows: Callable[[Any], bool] | None = None
    todo: Callable[[Any], int] | None = None
    todo_topics: tuple[str, ...] = ()
    todo_daily: bool = False

    def __post_init__(self) -> None:
        if (self.cap is None) == (self.shows is None):
            raise ValueError(f"导航项 {self.label} 须给出 cap 或 shows 之一")
