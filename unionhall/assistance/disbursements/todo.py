"""What waits for the user among 救助支出, for the home page's 待办 panel (joined by assistance/todo.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.assistance.disbursements.models import Disbursement, DisbursementStatus
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def disbursement_todo(user: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    listing = reverse("funds:disbursements")
    if access.has_cap_anywhere(user, Cap.DISBURSEMENT_APPROVE):
        waiting = access.scope_queryset(user, Cap.DISBURSEMENT_APPROVE, Disbursement.objects.all(), "org")
        # Not the ones this user already approved: those wait for someone else's second approval.
        pending = waiting.filter(status__in=[DisbursementStatus.REQUESTED, DisbursementStatus.PARTLY_APPROVED]).exclude(
            approvals__approver_id=user.pk
        )
        items.append(
            {
                "label": "救助支出待审批",
                "count": pending.count(),
                "url": f"{listing}?status={DisbursementStatus.REQUESTED}",
            }
        )
    if access.has_cap_anywhere(user, Cap.FUNDS_MANAGE):
        to_pay = access.scope_queryset(user, Cap.FUNDS_MANAGE, Disbursement.objects.all(), "org")
        items.append(
            {
                "label": "已批准待登记支付",
                "count": to_pay.filter(status=DisbursementStatus.APPROVED).count(),
                "url": f"{listing}?status={DisbursementStatus.APPROVED}",
            }
        )
    return [item for item in items if item["count"]]
