"""岗位承诺卡's entry in the console's side navigation, under 组织与会员 beside 包片定点 (PRODUCT.md §3.9).

Federations and reviewers see their cadres' cards; a grassroots chair sees the cards of the cadres who
answer for their union, to rate them. A cadre's badge counts this year's commitments still in progress."""

from typing import Any

from unionhall.commitments import selectors
from unionhall.core.navigation import Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def shows(user: Any) -> bool:
    return access.holds_at_federation(user, Cap.RESPONSIBILITY_VIEW) or bool(selectors.cadres_rated_by(user))


ENTRIES = [
    Entry(
        Group.ORGS,
        "岗位承诺卡",
        "commitments:cards",
        63,
        shows=shows,
        todo=selectors.pending_count,
        todo_topics=("commitments",),
        todo_daily=True,
    ),
]
