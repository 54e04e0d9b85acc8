"""Reads of rights cases and risk reports, always through the scope rule (orgs.access).

A case is in sight where it is handled (its unit's subtree and the federations above) and, while a live
share exists, in the shared unit's subtree too (双向维权); revoking the share ends that. Nothing here
filters by org by hand: `cases_for` is the one door for lists, details, exports and charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.rights import workflow
from unionhall.rights.models import Case, CaseShare, RiskReport, RiskStatus
from unionhall.rights.risk_services import HIGH_LEVELS
from unionhall.rights.risk_services import OPEN as RISK_OPEN


def live_shares() -> QuerySet[CaseShare]:
    return CaseShare.objects.filter(revoked_at__isnull=True, org__isnull=False)


def cases_for(user: Any) -> QuerySet[Case]:
    qs = Case.objects.select_related("org", "handler", "employer")
    return access.scope_with_shares(user, Cap.RIGHTS_VIEW, qs, "org", live_shares(), "case")


def _one_in_sight_or_404[M: Case | RiskReport](user: Any, in_sight: QuerySet[M], pk: Any) -> M:
    """One row of a scoped queryset (not a plain org filter: shared cases are seen by both unions); one out of
    sight answers like a missing one, and the refusal is recorded."""
    return access.get_seen_or_404(user, Cap.RIGHTS_VIEW, in_sight, pk)


def case_for_user_or_404(user: Any, pk: Any) -> Case:
    return _one_in_sight_or_404(user, cases_for(user), pk)


def shared_with(case: Case) -> list[CaseShare]:
    """The live shares of a case: units of the tree and external partner contacts."""
    return list(case.shares.filter(revoked_at__isnull=True).select_related("org"))


def open_cases(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.filter(status__in=workflow.OPEN)


def overdue_cases(qs: QuerySet[Case], now: datetime | None = None) -> QuerySet[Case]:
    return open_cases(qs).filter(due_at__lt=now or timezone.now())


def due_soon_cases(qs: QuerySet[Case], now: datetime | None = None) -> QuerySet[Case]:
    now = now or timezone.now()
    return open_cases(qs).filter(remind_at__lte=now, due_at__gte=now)


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    category: str = ""
    org: int | None = None  # a unit: its whole subtree
    handler: int | None = None
    overdue: bool = False
    shared: bool = False  # only cases shared with the user's units (协办)
    q: str = ""
    received_from: Any = None
    received_to: Any = None


def filter_cases(user: Any, qs: QuerySet[Case], f: CaseFilters) -> QuerySet[Case]:
    if f.status == "open":
        qs = open_cases(qs)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.org:
        unit = access.org_for_user_or_404(user, f.org, Cap.RIGHTS_VIEW)
        in_unit = live_shares().filter(org__path__startswith=unit.path).values("case")
        qs = qs.filter(Q(org__path__startswith=unit.path) | Q(pk__in=in_unit))
    if f.handler:
        qs = qs.filter(handler_id=f.handler)
    if f.overdue:
        qs = overdue_cases(qs)
    if f.shared:
        mine = live_shares().filter(access.reach(user, Cap.RIGHTS_VIEW).q("org__path")).values("case")
        qs = qs.filter(pk__in=mine)
    if f.q:
        text = f.q.strip()
        qs = qs.filter(
            Q(no__icontains=text) | Q(summary__icontains=text) | Q(employer_text__icontains=text) | Q(contact_name=text)
        )
    if f.received_from:
        qs = qs.filter(received_at__date__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_at__date__lte=f.received_to)
    return qs


def unit_search(q: str, *, limit: int = 30) -> list[OrgUnit]:
    """Active units anywhere in the tree whose name contains `q` or whose code is `q`: where a case may be
    transferred or shared. 双向维权 reaches beyond the user's own subtree on purpose (PRODUCT.md §3.4); only
    a unit's name and code are shown, nothing inside it."""
    text = (q or "").strip()
    if not text:
        return []
    qs = OrgUnit.objects.filter(status=OrgStatus.ACTIVE).filter(Q(name__icontains=text) | Q(code__iexact=text))
    return list(qs.order_by("path")[:limit])


def case_handlers(user: Any) -> QuerySet[User]:
    """The handlers of the cases in the user's sight (the case list's 承办人 filter), by name."""
    handled = cases_for(user).exclude(handler=None).order_by().values("handler_id")
    return User.objects.filter(pk__in=handled).order_by("display_name", "username")


# --- risk reports ----------------------------------------------------------------------------------


def risks_for(user: Any) -> QuerySet[RiskReport]:
    """Reports in sight: for those who read cases (RIGHTS_VIEW) and for the information officers who file
    them (RISK_REPORT), each over their own reach."""
    qs = RiskReport.objects.select_related("org", "employer", "reported_by")
    reach = access.reach(user, Cap.RIGHTS_VIEW).q("org__path") | access.reach(user, Cap.RISK_REPORT).q("org__path")
    return qs.filter(reach)


def risk_for_user_or_404(user: Any, pk: Any) -> RiskReport:
    return _one_in_sight_or_404(user, risks_for(user), pk)


def open_risks(qs: QuerySet[RiskReport]) -> QuerySet[RiskReport]:
    return qs.filter(status__in=RISK_OPEN)


def unacknowledged_late(qs: QuerySet[RiskReport], now: datetime | None = None) -> QuerySet[RiskReport]:
    return qs.filter(status=RiskStatus.REPORTED, ack_due_at__lt=now or timezone.now())


def agenda_risks(user: Any) -> QuerySet[RiskReport]:
    """Open high-level (orange, red) reports in sight: the joint meeting's agenda (PRODUCT.md §3.11)."""
    return open_risks(risks_for(user)).filter(level__in=HIGH_LEVELS).order_by("-level", "reported_at")
