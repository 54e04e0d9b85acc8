"""Online joining's entry in the console's side navigation, with the applications waiting for review."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.joining import selectors
from unionhall.joining.models import ApplicationStatus


def waiting(user: Any) -> int:
    return selectors.application_list(user, status=ApplicationStatus.SUBMITTED).count()


ENTRIES = [
    Entry(
        Group.ORGS,
        "入会申请",
        "joining:applications",
        35,
        cap="member.edit",
        todo=waiting,
        todo_topics=("join_applications",),
    )
]
