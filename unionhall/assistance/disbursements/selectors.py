"""Reads of 救助支出, every one scoped through access.py: disbursements by the archive's union (copied onto
the row), and the budgets a request for an archive may draw on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from unionhall.assistance.disbursements.models import Disbursement, DisbursementStatus
from unionhall.assistance.models import HardshipFile, Programme
from unionhall.core.errors import NotFound
from unionhall.core.filters import given, under
from unionhall.funds.models import Budget
from unionhall.funds.selectors import budgets_above
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit


def budgets_for_file(file: HardshipFile, programme: Programme | None = None) -> QuerySet[Budget]:
    """The budgets a request for this archive may draw on: at its union or any union above it, of the
    programme's fund when it names one. Not narrowed by the user's funds scope: a union's staff request
    money from the district's budget they cannot otherwise browse; the archive itself is the scope."""
    qs = budgets_above(file.org)
    if programme is not None and programme.fund_id is not None:
        qs = qs.filter(fund_id=programme.fund_id)
    return qs.order_by("-year", "fund__code", "-org__depth")


def budget_for_file_or_404(file: HardshipFile, pk: Any) -> Budget:
    try:
        return budgets_for_file(file).get(pk=pk)
    except (Budget.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@dataclass
class DisbursementFilters:
    status: str = ""
    programme: int | None = None
    budget: int | None = None
    org: OrgUnit | None = None  # the union's subtree
    month: date | None = None  # requested in this month (first day)
    paid_from: date | None = None
    paid_to: date | None = None


def disbursements_for(user: Any, filters: DisbursementFilters | None = None) -> QuerySet[Disbursement]:
    f = filters or DisbursementFilters()
    qs = Disbursement.objects.select_related("programme", "budget__fund", "budget__org", "org", "requested_by")
    qs = given(
        qs,
        status=f.status if f.status in DisbursementStatus.values else None,
        programme_id=f.programme or None,
        budget_id=f.budget or None,
        paid_on__gte=f.paid_from,
        paid_on__lte=f.paid_to,
    )
    if f.month is not None:
        qs = qs.filter(requested_at__year=f.month.year, requested_at__month=f.month.month)
    qs = under(qs, f.org)
    return access.scope_queryset(user, Cap.FUNDS_VIEW, qs, "org").order_by("-id")


def disbursement_for_user_or_404(user: Any, pk: Any) -> Disbursement:
    qs = Disbursement.objects.select_related(
        "programme", "budget__fund", "budget__org", "org", "file", "requested_by", "approve_journal"
    )
    return access.get_for_user_or_404(user, Cap.FUNDS_VIEW, qs, pk, "org")


def file_for_request_or_404(user: Any, ref: Any) -> HardshipFile:
    """An archive the user may see, by id or by its number (the request service then checks they may edit it)."""
    qs = HardshipFile.objects.select_related("org", "person")
    text = str(ref or "").strip()
    if text and not text.isdigit():
        found = qs.filter(no=text).values_list("pk", flat=True).first()
        if found is None:
            raise NotFound()
        text = str(found)
    return access.get_for_user_or_404(user, Cap.ASSISTANCE_VIEW, qs, text, "org")


def programmes_active() -> QuerySet[Programme]:
    return Programme.objects.filter(active=True).select_related("fund").order_by("code")
