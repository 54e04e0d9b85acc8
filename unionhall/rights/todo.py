"""What waits for the user among rights cases, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.rights import selectors
from unionhall.rights.models import CaseStatus, RiskReport, RiskStatus


def todo(user: Any) -> list[dict[str, Any]]:
    """(label, count, link) of each kind of waiting case work, counted through the scope rule; empty kinds
    are left out. Handlers see what to accept, what falls due, what is late and what others asked them to
    help with (协办); a reviewer sees the overdue count it supervises."""
    items: list[dict[str, Any]] = risks_to_acknowledge(user)
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


def risks_to_acknowledge(user: Any) -> list[dict[str, Any]]:
    """Risk reports waiting for this user's 签收: reported, at a unit below one where the user acknowledges.
    The upper federation signs, never the reporting unit itself, so a report filed at the very unit of the
    user's grant waits for the federation above it, not for them."""
    reach = access.reach(user, Cap.RISK_ACKNOWLEDGE)
    if not reach.paths:
        return []
    waiting = RiskReport.objects.filter(status=RiskStatus.REPORTED).filter(reach.q("org__path"))
    count = waiting.exclude(org__path__in=reach.paths).count()
    url = f"{reverse('rights:risk_list')}?status={RiskStatus.REPORTED}"
    return [{"label": "风险预警待签收", "count": count, "url": url}] if count else []
