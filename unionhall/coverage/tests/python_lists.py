"""The 三同步 and election lists as they were computed before issue 15: every row built in Python, sorted in
Python. Kept as the reference the SQL lists must equal, row for row and in the same order (test_paged_lists)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from unionhall.core.paging import sorted_by
from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.selectors import (
    CHAIRED_LEVELS,
    ElectionFilters,
    ElectionProblem,
    ElectionRow,
    SyncCheck,
    SyncFilters,
    SyncRow,
    rate,
    responsibility,
)
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.members.names import sort_key
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit

# The sort keys the views offered, as Python functions of a row.
SYNC_SORTS: dict[str, Callable[[SyncRow], Any]] = {
    "employer": lambda r: sort_key(r.employer.name),
    "employees": lambda r: r.employer.employee_count,
    "due": lambda r: r.due_on,
    "days": lambda r: r.days,
}
ELECTION_SORTS: dict[str, Callable[[ElectionRow], Any]] = {
    "unit": lambda r: sort_key(r.unit.name),
    "term_ends": lambda r: r.unit.term_ends_on,
    "days": lambda r: r.overdue_days,
}


# The order a list computed in Python takes (core.paging.sort_rows without a request).
sort_rows = sorted_by


def _sync_employers(user: Any, cfg: CoverageSettings, org: OrgUnit | None) -> Any:
    members = (
        Membership.objects.filter(employer=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("employer")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = access.scope_queryset(
        user,
        Cap.COVERAGE_VIEW,
        Employer.objects.filter(registered_on__gte=cfg.sync_since, employee_count__gte=cfg.size_threshold),
        access.EMPLOYER_SCOPE,
    )
    if org is not None:
        qs = qs.filter(access.employers_under(org))
    return qs.select_related("org", "union").annotate(
        open_members=Coalesce(Subquery(members, output_field=IntegerField()), 0)
    )


def _sync_misses(e: Any, cfg: CoverageSettings, today: date) -> Iterable[tuple[str, date, int, date | None, str]]:
    union = e.union
    founded = union.founded_on if union is not None else None
    registered: date = e.registered_on
    deadline = registered + timedelta(days=cfg.sync_found_days)
    if union is None and today > deadline:
        yield SyncCheck.FOUND, deadline, (today - deadline).days, None, "尚未建会"
    elif founded is not None and founded > deadline:
        yield SyncCheck.FOUND, deadline, (founded - deadline).days, founded, f"工会 {founded:%Y-%m-%d} 成立，逾期建会"
    opened = e.opened_on
    if opened is not None and opened <= today:
        if union is None:
            yield SyncCheck.START, opened, (today - opened).days, None, "开业时未建会，至今未建"
        elif founded is not None and founded > opened:
            yield SyncCheck.START, opened, (founded - opened).days, founded, f"工会 {founded:%Y-%m-%d} 成立，晚于开业"
    running = opened is None or opened <= today
    if union is not None and e.employee_count and running:
        needed = Decimal(e.employee_count) * cfg.sync_join_rate
        if e.open_members < needed:
            due = max(opened or registered, founded or registered)
            share = rate(e.open_members, e.employee_count) or Decimal(0)
            yield (
                SyncCheck.JOIN,
                due,
                max((today - due).days, 0),
                None,
                f"会员 {e.open_members} / 职工 {e.employee_count}（{share * 100:.1f}%，应不低于 "
                f"{cfg.sync_join_rate * 100:.0f}%）",
            )


def sync_rows(user: Any, filters: SyncFilters, *, today: date) -> list[SyncRow]:
    cfg = CoverageSettings.current()
    who_answers = responsibility()
    rows: list[SyncRow] = []
    for e in _sync_employers(user, cfg, filters.org):
        for check, due, days, late_on, note in _sync_misses(e, cfg, today):
            if filters.check and check != filters.check:
                continue
            cadres = who_answers.nearest(e.org.path)
            if filters.cadre is not None and filters.cadre not in {c.pk for c in cadres}:
                continue
            rows.append(SyncRow(check, e, due, days, late_on, e.open_members, note, cadres))
    rows.sort(key=lambda r: (r.due_on, r.employer.name, r.employer.pk, r.check))
    return rows


def election_rows(user: Any, filters: ElectionFilters, *, today: date) -> list[ElectionRow]:
    overdue = Q(term_ends_on__lt=today)
    no_chair = Q(chair_name="", level__in=CHAIRED_LEVELS)
    condition = {ElectionProblem.OVERDUE: overdue, ElectionProblem.NO_CHAIR: no_chair}.get(
        filters.problem, overdue | no_chair
    )
    qs = access.scope_queryset(
        user, Cap.COVERAGE_VIEW, OrgUnit.objects.filter(condition, status=OrgStatus.ACTIVE), "path"
    )
    if filters.org is not None:
        qs = qs.filter(path__startswith=filters.org.path)
    if filters.level:
        qs = qs.filter(level=filters.level)
    who_answers = responsibility()
    rows = []
    for unit in qs.order_by("path"):
        ends = unit.term_ends_on
        rows.append(
            ElectionRow(
                unit=unit,
                overdue_days=(today - ends).days if ends is not None and ends < today else None,
                no_chair=not unit.chair_name and unit.level in CHAIRED_LEVELS,
                cadres=who_answers.nearest(unit.path),
            )
        )
    rows.sort(key=lambda r: (r.overdue_days is None, -(r.overdue_days or 0), r.unit.path))
    return rows
