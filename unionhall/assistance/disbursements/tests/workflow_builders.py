"""Builder of the disbursement's life for the generic walk of every workflow table
(unionhall/workflow/tests): chair_u1's request against a budget at D1, brought to the status asked for
through the services themselves where money moves (approved, paid), so each journal a later step reverses
or pays is on file; the street's cadre (cadre_t1) takes every step. Gathered into the assistance app's
BUILDERS by assistance/tests/workflow_builders.py (builders are found per app)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.assistance.disbursements import services
from unionhall.assistance.models import Disbursement, DisbursementApproval, DisbursementStatus
from unionhall.tests.city import City
from unionhall.tests.factories import a_request
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition

S = DisbursementStatus


def a_disbursement(c: City, status: str, t: Transition) -> Setup:
    d = a_request(c)
    cadre = c.users["cadre_t1"]
    if status in (S.APPROVED, S.PAID):
        d = services.disbursement_approve(actor=cadre, disbursement=d)
    if status == S.PAID:
        d = services.disbursement_pay(actor=cadre, disbursement=d, paid_on=timezone.localdate(), bank_ref="B1")
    if status == S.PARTLY_APPROVED:
        # the first of two approvals, by another federation's cadre above the union
        DisbursementApproval.objects.create(disbursement=d, approver=c.users["cadre_d1"])
        Disbursement.objects.filter(pk=d.pk).update(needs_two_approvals=True)
    if status != d.status:
        Disbursement.objects.filter(pk=d.pk).update(status=status)
    d.refresh_from_db()
    params = {"paid_on": timezone.localdate(), "bank_ref": "ICBC-20260101-0001"} if t.name == "pay" else {}
    return Setup(obj=d, actor=cadre, params=params)


BUILDERS: dict[str, Any] = {"disbursement": a_disbursement}
