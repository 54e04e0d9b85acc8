"""Reads of the responsibility module, always through the scope rule: assignments and their history, the
cadres one may be given to, fixed points' coverage by visits per period, overdue points, visits, and the
responsibility map's units and gaps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.fields import DateField
from django.db.models.lookups import StartsWith
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.errors import NotFound
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.orgs.people import grants_prefetch
from unionhall.responsibility.answers import covering
from unionhall.responsibility.models import (
    PROBLEM_SOURCE,
    Assignment,
    Frequency,
    Kind,
    Line,
    ProblemStatus,
    Visit,
    VisitProblem,
    active_on,
)
from unionhall.responsibility.periods import Period, period_of, periods_between, previous
from unionhall.supervision import selectors as task_selectors

# --- lines ----------------------------------------------------------------------------------------------


def lines() -> QuerySet[Line]:
    return Line.objects.all()


def line_or_404(code: str) -> Line:
    found = Line.objects.filter(code=code).first()
    if found is None:
        raise NotFound("没有这条管线。")
    return found


# --- assignments ----------------------------------------------------------------------------------------


def manages(user: Any, unit: OrgUnit) -> bool:
    """Whether the user may assign, and log visits, at `unit` (the pages' buttons; services check again)."""
    return access.reach(user, Cap.RESPONSIBILITY_MANAGE).covers(unit.path)


def assignments_for(user: Any, cap: Cap = Cap.RESPONSIBILITY_VIEW) -> QuerySet[Assignment]:
    return access.scope_queryset(user, cap, Assignment.objects.all(), "org").select_related("org", "cadre")


def assignment_for_user_or_404(user: Any, pk: Any) -> Assignment:
    return access.get_for_user_or_404(
        user,
        Cap.RESPONSIBILITY_VIEW,
        Assignment.objects.select_related("org", "cadre").prefetch_related("lines", grants_prefetch("cadre__grants")),
        pk,
        "org",
    )


def history(assignment: Assignment) -> list[Any]:
    return list(assignment.changes.select_related("by").prefetch_related(grants_prefetch("by__grants")))


def assignable_cadres(user: Any) -> list[User]:
    """Who the user may give an area or point to: active accounts holding a federation grant (a role that
    manages responsibility) at a unit within the user's own reach to manage it."""
    reach = access.reach(user, Cap.RESPONSIBILITY_MANAGE)
    if not reach.paths:
        return []
    return list(
        User.objects.filter(
            Q(grants__role__in=access.roles_with(Cap.RESPONSIBILITY_MANAGE)) & reach.q("grants__org__path"),
            is_active=True,
        )
        .distinct()
        .prefetch_related(grants_prefetch())
        .order_by("username")
    )


def cadre_for_user_or_404(user: Any, pk: Any) -> User:
    """A cadre's page is seen by whoever sees a unit where the cadre works or answers for something."""
    cadre = User.objects.filter(pk=pk).prefetch_related(grants_prefetch()).first() if str(pk).isdigit() else None
    if cadre is None:
        raise NotFound()
    reach = access.reach(user, Cap.RESPONSIBILITY_VIEW)
    units = [g.org.path for g in cadre.grants.all()]
    units += list(Assignment.objects.filter(cadre=cadre).values_list("org__path", flat=True))
    if not any(reach.covers(p) for p in units):
        raise NotFound()
    return cadre


def cadre_assignments(user: Any, cadre: Any) -> QuerySet[Assignment]:
    """The cadre's assignments the viewer may see, holding ones first."""
    return (
        assignments_for(user)
        .filter(cadre=cadre)
        .prefetch_related("lines")
        .order_by(F("ends_on").desc(nulls_first=True), "kind", "org__path")
    )


# --- fixed points' visits per period ------------------------------------------------------------------


@dataclass
class PeriodCoverage:
    period: Period
    visits: int

    @property
    def covered(self) -> bool:
        return self.visits > 0


@dataclass
class PointCoverage:
    """A fixed point's periods this year (those it held in, up to the current one) and their visits."""

    point: Assignment
    periods: list[PeriodCoverage] = field(default_factory=list)
    last_visit: date | None = None

    @property
    def current(self) -> PeriodCoverage | None:
        return self.periods[-1] if self.periods else None

    @property
    def covered(self) -> int:
        return sum(1 for p in self.periods if p.covered)


def point_coverage(points: Iterable[Assignment], *, today: date | None = None) -> dict[int, PointCoverage]:
    """Coverage of each fixed point by visits in this year's periods (one query for the visits of them all)."""
    today = today or timezone.localdate()
    points = [p for p in points if p.kind == Kind.POINT]
    dates: dict[int, list[date]] = defaultdict(list)
    rows = Visit.objects.filter(assignment__in=[p.pk for p in points]).values_list("assignment_id", "visited_on")
    for pk, day in rows:
        dates[pk].append(day)
    out = {}
    year_start = date(today.year, 1, 1)
    for p in points:
        last = min(today, p.ends_on) if p.ends_on else today
        first = max(year_start, p.starts_on)
        seen = dates.get(p.pk, [])
        periods = [
            PeriodCoverage(period, sum(1 for d in seen if d in period))
            for period in (periods_between(first, last, p.months) if first <= last else [])
        ]
        out[p.pk] = PointCoverage(p, periods, max(seen, default=None))
    return out


# --- overdue points ---------------------------------------------------------------------------------------


def _missed(today: date) -> dict[int, Period]:
    """For each frequency, the period that ended last: its visit is overdue when none was made in it or since."""
    return {int(f): previous(period_of(today, int(f)), int(f)) for f in Frequency.values}


def overdue_points(points: QuerySet[Assignment], *, today: date | None = None) -> QuerySet[Assignment]:
    """The fixed points (holding today) whose last ended period had no visit, and none made since, with
    `due_on` (that period's last day) and `last_visit`. A point begun in the current period is not yet due."""
    today = today or timezone.localdate()
    missed = _missed(today)
    late = Q(pk__in=[])
    for months, period in missed.items():
        late |= Q(frequency=str(months), starts_on__lte=period.end) & (
            Q(last_visit__isnull=True) | Q(last_visit__lt=period.start)
        )
    return (
        points.filter(active_on(today), kind=Kind.POINT)
        .annotate(last_visit=Max("visits__visited_on"))
        .filter(late)
        .annotate(
            due_on=Case(
                *(When(frequency=str(m), then=Value(p.end)) for m, p in missed.items()), output_field=DateField()
            )
        )
    )


@dataclass
class OverdueFilters:
    org: OrgUnit | None = None
    cadre: int | None = None
    frequency: str = ""


def overdue_list(user: Any, filters: OverdueFilters, *, today: date | None = None) -> QuerySet[Assignment]:
    qs = assignments_for(user)
    if filters.org is not None:
        qs = qs.filter(org__path__startswith=filters.org.path)
    if filters.cadre is not None:
        qs = qs.filter(cadre_id=filters.cadre)
    if filters.frequency:
        qs = qs.filter(frequency=filters.frequency)
    return overdue_points(qs, today=today).prefetch_related(grants_prefetch("cadre__grants"))


def my_overdue_count(user: Any) -> int:
    """The user's own fixed points waiting for an overdue visit (their 待办)."""
    if not getattr(user, "pk", None):
        return 0
    return overdue_points(Assignment.objects.filter(cadre=user)).count()


# --- visits -----------------------------------------------------------------------------------------------


def visits_for(user: Any) -> QuerySet[Visit]:
    return access.scope_queryset(user, Cap.RESPONSIBILITY_VIEW, Visit.objects.all(), "assignment__org")


@dataclass
class VisitFilters:
    org: OrgUnit | None = None
    cadre: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    open_problems: bool = False


def visit_list(user: Any, filters: VisitFilters) -> QuerySet[Visit]:
    qs = visits_for(user).select_related("assignment", "assignment__org", "assignment__cadre")
    if filters.org is not None:
        qs = qs.filter(assignment__org__path__startswith=filters.org.path)
    if filters.cadre is not None:
        qs = qs.filter(assignment__cadre_id=filters.cadre)
    if filters.date_from:
        qs = qs.filter(visited_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(visited_on__lte=filters.date_to)
    opened = VisitProblem.objects.filter(visit=OuterRef("pk"), status=ProblemStatus.OPEN)
    qs = qs.annotate(problem_count=Count("problems"), open_problems=Exists(opened))
    if filters.open_problems:
        qs = qs.filter(open_problems=True)
    return qs


def visit_for_user_or_404(user: Any, pk: Any) -> Visit:
    return access.get_for_user_or_404(
        user,
        Cap.RESPONSIBILITY_VIEW,
        Visit.objects.select_related("assignment", "assignment__org", "assignment__cadre").prefetch_related("problems"),
        pk,
        "assignment__org",
    )


def problem_for_user_or_404(user: Any, pk: Any) -> VisitProblem:
    return access.get_for_user_or_404(
        user,
        Cap.RESPONSIBILITY_VIEW,
        VisitProblem.objects.select_related("visit", "visit__assignment", "visit__assignment__org"),
        pk,
        "visit__assignment__org",
    )


def problem_tasks(user: Any, visit: Visit) -> dict[int | None, Any]:
    """{problem id: its 督办 task} for the visit's problems handed on, as far as the user sees tasks."""
    ids = [p.pk for p in visit.problems.all()]
    tasks = task_selectors.tasks_for(user).filter(source_kind=PROBLEM_SOURCE, source_id__in=ids)
    return {t.source_id: t for t in tasks.select_related("responsible_user")}


# --- the responsibility map ------------------------------------------------------------------------------


def uncovered(line: str, *, today: date) -> Q:
    """Units (OrgUnit rows) for which nobody but the default answers on `line`: no fixed point at the unit and
    no area on its chain covering the line."""
    holding = Assignment.objects.filter(active_on(today)).filter(covering(line))
    point_here = Exists(holding.filter(kind=Kind.POINT, org=OuterRef("pk")))
    area_above = Exists(holding.filter(StartsWith(OuterRef("path"), F("org__path")), kind=Kind.AREA))
    return ~point_here & ~area_above


@dataclass
class MapFilters:
    org: OrgUnit | None = None
    line: str = ""
    gaps: bool = False
    level: str = ""


def map_units(user: Any, unit: OrgUnit, filters: MapFilters, *, today: date | None = None) -> QuerySet[OrgUnit]:
    """The active units below `unit` (in the user's reach), by path; with `gaps`, only those where some line
    shown (the filter's, or every line) is answered for by nobody but the default."""
    today = today or timezone.localdate()
    qs = access.scope_queryset(
        user,
        Cap.RESPONSIBILITY_VIEW,
        OrgUnit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth, status=OrgStatus.ACTIVE),
        "path",
    )
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.gaps:
        codes = [filters.line] if filters.line else list(Line.objects.values_list("code", flat=True))
        gap = Q(pk__in=[])
        for code in codes:
            gap |= uncovered(code, today=today)
        qs = qs.filter(gap)
    return qs.order_by("path")


@dataclass
class CadreSummary:
    cadre: Any
    areas: int
    points: int
    overdue: int


def map_cadres(user: Any, unit: OrgUnit, *, today: date | None = None) -> list[CadreSummary]:
    """The cadres holding assignments under `unit` today: how many areas and points, and overdue points."""
    today = today or timezone.localdate()
    under = assignments_for(user).filter(active_on(today), org__path__startswith=unit.path)
    counts = under.values("cadre").annotate(
        areas=Count("pk", filter=Q(kind=Kind.AREA)), points=Count("pk", filter=Q(kind=Kind.POINT))
    )
    overdue: dict[int, int] = defaultdict(int)
    for cadre_id in overdue_points(under, today=today).values_list("cadre_id", flat=True):
        overdue[cadre_id] += 1
    users = User.objects.prefetch_related(grants_prefetch()).in_bulk([c["cadre"] for c in counts])
    rows = [CadreSummary(users[c["cadre"]], c["areas"], c["points"], overdue.get(c["cadre"], 0)) for c in counts]
    return sorted(rows, key=lambda r: r.cadre.username)
