"""What waits for the user among rights cases, for the home page's 待办 panel (see core.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.rights import selectors
from unionhall.rights.models import CaseStatus


def todo(user: Any) -> list[dict[str, Any]]:
    """(label, count, link) of each kind of waiting case work, counted through the scope rule; empty kinds
    are left out. Handlers see what to accept, what falls due, what is late and what others asked them to
    help with (协办); a reviewer sees the overdue count it supervises."""
    items: list[dict[str, Any]] = []
    if not access.has_cap_anywhere(user, Cap.RIGHTS_VIEW):
        return items
    cases = selectors.cases_for(user)
    listing = reverse("rights:case_list")
    if access.has_cap_anywhere(user, Cap.RIGHTS_HANDLE):
        items.append(
            {
                "label": "待受理维权案件",
                "count": cases.filter(status=CaseStatus.RECEIVED).count(),
                "url": f"{listing}?status={CaseStatus.RECEIVED}",
            }
        )
        items.append(
            {
                "label": "维权案件即将到期",
                "count": selectors.due_soon_cases(cases).count(),
                "url": reverse("rights:overdue"),
            }
        )
    items.append(
        {
            "label": "维权案件已超期",
            "count": selectors.overdue_cases(cases).count(),
            "url": f"{listing}?overdue=1",
            "warn": True,
        }
    )
    if access.has_cap_anywhere(user, Cap.RIGHTS_HANDLE):
        shared = selectors.filter_cases(user, selectors.open_cases(cases), selectors.CaseFilters(shared=True))
        items.append({"label": "协办维权案件", "count": shared.count(), "url": f"{listing}?status=open&shared=1"})
    return [item for item in items if item["count"]]
