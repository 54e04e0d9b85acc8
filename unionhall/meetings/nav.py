"""联席会议's entry in the console's side navigation, beside the member departments (supervision) under the
same group: the joint meetings are the federations' (a grassroots union hosts none)."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.meetings import selectors
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def hosts_meetings(user: Any) -> bool:
    return access.holds_at_federation(user, Cap.TASK_VIEW)


def coming_soon(user: Any) -> int:
    """Planned meetings within a week, for the cadres who prepare them: kept per user and day (the week moves
    with the date) until a meeting changes."""
    if not access.has_cap_anywhere(user, Cap.TASK_MANAGE):
        return 0
    return selectors.upcoming(selectors.meetings_for(user)).count()


ENTRIES = [
    Entry(
        Group.MEETINGS,
        "联席会议",
        "meetings:list",
        10,
        shows=hosts_meetings,
        todo=coming_soon,
        todo_topics=("meetings",),
        todo_daily=True,
    ),
]
