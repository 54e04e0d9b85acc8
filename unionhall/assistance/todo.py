"""What waits for the user in the assistance module, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from unionhall.assistance import selectors
from unionhall.assistance.disbursements.todo import disbursement_todo
from unionhall.assistance.models import FileStatus
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def todo(user: Any) -> list[dict[str, Any]]:
    """(label, count, link) of each kind of waiting work the user can act on; empty kinds are left out."""
    items: list[dict[str, Any]] = []
    if access.has_cap_anywhere(user, Cap.ASSISTANCE_VERIFY):
        archives = selectors.archive_list(user)
        listing = reverse("assistance:archive_list")
        items.append(
            {
                "label": "困难档案待入户核查",
                "count": archives.filter(status=FileStatus.SUBMITTED).count(),
                "url": f"{listing}?status={FileStatus.SUBMITTED}",
            }
        )
        items.append(
            {
                "label": "公示期满待审批建档",
                "count": archives.filter(status=FileStatus.NOTICE, notice_ends_on__lt=timezone.localdate()).count(),
                "url": f"{listing}?status={FileStatus.NOTICE}",
            }
        )
    if access.has_cap_anywhere(user, Cap.ASSISTANCE_VIEW):
        counts = selectors.reminder_counts(user)
        items.append(
            {
                "label": "逾期未年审、未回访",
                "count": counts.overdue_reviews + counts.overdue_follow_ups,
                "url": reverse("assistance:overdue"),
                "warn": True,
            }
        )
    items.extend(disbursement_todo(user))
    return [item for item in items if item["count"]]
