"""职工创新's entries in the console's side navigation, under 创新与竞赛: the submissions in reach, with the
count of newly filed ones a federation may send to review; the rewards, with the count awaiting approval."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.innovation import selectors
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def waiting(user: Any) -> int:
    """Recommended submissions to send to a panel, and workers' own proposals to recommend."""
    return waiting_review(user) + waiting_forward(user)


def waiting_review(user: Any) -> int:
    if not access.has_cap_anywhere(user, Cap.INNOVATION_REVIEW):
        return 0
    return selectors.waiting_review(user).count()


def waiting_forward(user: Any) -> int:
    if not access.has_cap_anywhere(user, Cap.INNOVATION_EDIT):
        return 0
    return selectors.waiting_forward(user).count()


def rewards_waiting(user: Any) -> int:
    """Rewards proposed or half-approved in reach, that the user did not propose: theirs to approve."""
    if not access.has_cap_anywhere(user, Cap.INNOVATION_REVIEW):
        return 0
    return selectors.awaiting_approval(user).exclude(proposed_by_id=getattr(user, "pk", None)).count()


ENTRIES = [
    Entry(
        Group.INNOVATION,
        "创新成果",
        "innovation:list",
        10,
        cap=Cap.INNOVATION_VIEW.value,
        todo=waiting,
        todo_topics=("innovation",),
    ),
    Entry(
        Group.INNOVATION,
        "创新奖励",
        "innovation:rewards",
        15,
        cap=Cap.INNOVATION_VIEW.value,
        todo=rewards_waiting,
        todo_topics=("innovation",),
    ),
]


def studios_due(user: Any) -> int:
    """Active studios the user reviews (as the federation above their union) still without this year's review,
    from the review month on (studio_selectors.due_for_review)."""
    from django.utils import timezone

    from unionhall.innovation import studio_selectors

    if not access.has_cap_anywhere(user, Cap.INNOVATION_REVIEW):
        return 0
    return studio_selectors.due_for_review(user, timezone.localdate()).count()


ENTRIES.append(
    Entry(
        Group.INNOVATION,
        "创新工作室",
        "innovation:studios",
        18,
        cap=Cap.INNOVATION_VIEW.value,
        todo=studios_due,
        todo_topics=("innovation",),
    )
)
