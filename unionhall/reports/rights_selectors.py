"""Reads of the rights dashboard (维权统计), always through rights.selectors' scoped querysets (`cases_for`,
`risks_for`): nothing here filters by reach by hand.

Like the assistance report (selectors.py), each figure is given for the viewed node and for each child, a
child counting its whole subtree, from one grouped statement per kind of record: rows are grouped by the
prefix of their org's materialized path (`rollup.grouped`), so no query runs per child and a node's
total is its own part plus its children's.

A case counts where it is handled (`Case.org`), and only there. A two-way case (双向维权) shared with a
unit of the node but handled elsewhere is not counted in the node's figures: it is shown apart as 协办
(`shared_in`). That keeps every figure the sum of its children and the node's own cases, and no case
counted twice on the way up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from unionhall.core import versions
from unionhall.core.errors import NotFound
from unionhall.core.months import window, window_before
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.rollup import Summable, grouped, split
from unionhall.rights import selectors as rights
from unionhall.rights.models import Case, CaseCategory, CaseStatus, RiskLevel, RiskReport, RiskStatus
from unionhall.rights.risk_services import OPEN as RISK_OPEN
from unionhall.rights.workflow import OPEN

TOP_EMPLOYERS = 20
SCORES = (1, 2, 3, 4, 5)


@dataclass(slots=True)
class CaseFigures(Summable):
    """What the dashboard counts at one place: the node's own cases, a child's subtree, or a total."""

    cases: int = 0  # every case handled there, whatever its status
    open: int = 0  # received, in progress or in mediation now
    overdue: int = 0  # open and past the due date now
    closed: int = 0  # 已办结 (withdrawn cases are neither open nor closed)
    wages_fen: int = 0  # recovered, in closed cases
    rated: int = 0  # closed cases the worker rated
    rating_sum: int = 0
    risks_open: int = 0  # risk reports not yet closed

    @property
    def satisfaction(self) -> float | None:
        return round(self.rating_sum / self.rated, 2) if self.rated else None


@dataclass
class ChildCases:
    org: OrgUnit
    figures: CaseFigures


@dataclass
class Line:
    """One line of a breakdown: a label and the counts that apply to it (`cases` = received)."""

    key: str
    label: str
    cases: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    wages_fen: int = 0
    by_month: list[int] = field(default_factory=list)  # received per month of the window (categories)


@dataclass
class RightsReport:
    node: OrgUnit
    own: CaseFigures
    children: list[ChildCases]
    total: CaseFigures
    months: list[date] = field(default_factory=list)  # the first day of each month of the window, oldest first
    by_month: list[Line] = field(default_factory=list)  # received, closed and wages recovered per month
    by_month_before: list[Line] = field(default_factory=list)  # the same for the 12 months before the window
    by_category: list[Line] = field(default_factory=list)  # received and closed in the window, open now
    by_handler: list[Line] = field(default_factory=list)  # open and overdue now
    satisfaction: list[Line] = field(default_factory=list)  # 1 to 5 stars: rated cases
    employers: list[Line] = field(default_factory=list)  # the top employers by number of cases
    risks_by_level: list[Line] = field(default_factory=list)  # cases = all reports, open, overdue = ack late
    shared_in: int = 0  # 协办: cases shared with a unit of the node and handled elsewhere
    shared_in_open: int = 0


# --- scoped querysets -------------------------------------------------------------------------------


def _require_view(user: Any, node: OrgUnit) -> None:
    if not access.reach(user, Cap.RIGHTS_VIEW).covers(node.path):
        raise NotFound()


def cases_under(user: Any, node: OrgUnit) -> QuerySet[Case]:
    """Cases in sight handled at the node or below it."""
    return rights.cases_for(user).filter(org__path__startswith=node.path)


def risks_under(user: Any, node: OrgUnit) -> QuerySet[RiskReport]:
    return rights.risks_for(user).filter(org__path__startswith=node.path)


def _start(months: list[date]) -> datetime:
    return timezone.make_aware(datetime.combine(months[0], time.min))


# --- the roll-up -----------------------------------------------------------------------------------


def _branch_figures(user: Any, node: OrgUnit, now: datetime) -> dict[str, CaseFigures]:
    """Figures by branch (a child's path, or the node's own), from two grouped statements."""
    out: dict[str, CaseFigures] = {}
    cases = grouped(
        cases_under(user, node),
        node,
        cases=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN)),
        overdue=Count("id", filter=Q(status__in=OPEN, due_at__lt=now)),
        closed=Count("id", filter=Q(status=CaseStatus.CLOSED)),
        wages_fen=Sum("wages_recovered_fen", filter=Q(status=CaseStatus.CLOSED)),
        rated=Count("id", filter=Q(satisfaction__isnull=False)),
        rating_sum=Sum("satisfaction"),
    )
    risks = grouped(risks_under(user, node), node, risks_open=Count("id", filter=Q(status__in=RISK_OPEN)))
    for by_branch in (cases, risks):
        for branch, values in by_branch.items():
            figures = out.setdefault(branch, CaseFigures())
            for name, value in values.items():
                setattr(figures, name, value)
    return out


def roll_up(user: Any, node: OrgUnit, now: datetime | None = None) -> tuple[CaseFigures, list[ChildCases], CaseFigures]:
    """(own, children, total) of the node: total = own + the sum of the children's subtrees."""
    _require_view(user, node)
    own, children, total = split(node, _branch_figures(user, node, now or timezone.now()), CaseFigures)
    return own, [ChildCases(org, figures) for org, figures in children], total


# --- breakdowns -----------------------------------------------------------------------------------


def by_month(user: Any, node: OrgUnit, months: list[date]) -> list[Line]:
    """Per month of the window: cases received, cases closed and the wages they recovered (by closing date).
    Rows after the window are read but fall in no month of it."""
    qs = cases_under(user, node).order_by()
    start = _start(months)
    received = {
        r["m"]: r["n"]
        for r in qs.filter(received_at__gte=start)
        .annotate(m=TruncMonth("received_at", output_field=DateField()))
        .values("m")
        .annotate(n=Count("id"))
    }
    closed = {
        r["m"]: (r["n"], int(r["fen"] or 0))
        for r in qs.filter(status=CaseStatus.CLOSED, closed_at__gte=start)
        .annotate(m=TruncMonth("closed_at", output_field=DateField()))
        .values("m")
        .annotate(n=Count("id"), fen=Sum("wages_recovered_fen"))
    }
    return [
        Line(
            f"{m:%Y-%m}",
            f"{m.year}年{m.month}月",
            cases=received.get(m, 0),
            closed=closed.get(m, (0, 0))[0],
            wages_fen=closed.get(m, (0, 0))[1],
        )
        for m in months
    ]


def by_category(user: Any, node: OrgUnit, months: list[date], now: datetime) -> list[Line]:
    """Per category: received in each month of the window, received and closed over the window, open and
    overdue now."""
    qs = cases_under(user, node).order_by()
    start = _start(months)
    per_month: dict[tuple[str, date], int] = {
        (r["category"], r["m"]): r["n"]
        for r in qs.filter(received_at__gte=start)
        .annotate(m=TruncMonth("received_at", output_field=DateField()))
        .values("category", "m")
        .annotate(n=Count("id"))
    }
    closed = {
        r["category"]: r["n"]
        for r in qs.filter(status=CaseStatus.CLOSED, closed_at__gte=start).values("category").annotate(n=Count("id"))
    }
    now_open = {
        r["category"]: (r["open"], r["overdue"])
        for r in qs.filter(status__in=OPEN)
        .values("category")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
    }
    out = []
    for value, label in CaseCategory.choices:
        counts = [per_month.get((value, m), 0) for m in months]
        is_open, overdue = now_open.get(value, (0, 0))
        out.append(
            Line(
                value,
                label,
                cases=sum(counts),
                open=is_open,
                overdue=overdue,
                closed=closed.get(value, 0),
                by_month=counts,
            )
        )
    return out


def by_handler(user: Any, node: OrgUnit, now: datetime) -> list[Line]:
    """Open and overdue cases now per handler; the cases nobody has taken yet are one line of their own."""
    rows = (
        rights.open_cases(cases_under(user, node))
        .order_by()
        .values("handler", "handler__display_name", "handler__username")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
    )
    out = [
        Line(
            str(r["handler"] or ""),
            (r["handler__display_name"] or r["handler__username"]) if r["handler"] else "未指定承办人",
            open=r["open"],
            overdue=r["overdue"],
        )
        for r in rows
    ]
    out.sort(key=lambda line: (not line.key, -line.overdue, -line.open, line.label))
    return out


def satisfaction(user: Any, node: OrgUnit) -> list[Line]:
    rows = cases_under(user, node).filter(satisfaction__isnull=False).order_by().values("satisfaction")
    counts = {r["satisfaction"]: r["n"] for r in rows.annotate(n=Count("id"))}
    return [Line(str(s), f"{s} 星", cases=counts.get(s, 0)) for s in SCORES]


def employers(user: Any, node: OrgUnit, now: datetime, limit: int = TOP_EMPLOYERS) -> list[Line]:
    """The employers with the most cases: a registered employer by its record, else by the name typed in."""
    qs = cases_under(user, node).order_by()
    measures = {
        "n": Count("id"),
        "open": Count("id", filter=Q(status__in=OPEN)),
        "overdue": Count("id", filter=Q(status__in=OPEN, due_at__lt=now)),
        "closed": Count("id", filter=Q(status=CaseStatus.CLOSED)),
        "fen": Sum("wages_recovered_fen", filter=Q(status=CaseStatus.CLOSED)),
    }
    rows: list[dict[str, Any]] = [
        {**r, "label": r["employer__name"], "key": f"e{r['employer']}"}
        for r in qs.filter(employer__isnull=False).values("employer", "employer__name").annotate(**measures)
    ]
    rows += [
        {**r, "label": r["employer_text"], "key": ""}
        for r in qs.filter(employer__isnull=True).exclude(employer_text="").values("employer_text").annotate(**measures)
    ]
    out = [Line(r["key"], r["label"], r["n"], r["open"], r["overdue"], r["closed"], int(r["fen"] or 0)) for r in rows]
    out.sort(key=lambda line: (-line.cases, -line.open, line.label))
    return out[:limit]


def risks_by_level(user: Any, node: OrgUnit, now: datetime) -> list[Line]:
    """Risk reports per level: all of them, open ones, and open ones whose acknowledgement is late."""
    rows = (
        risks_under(user, node)
        .order_by()
        .values("level")
        .annotate(
            n=Count("id"),
            open=Count("id", filter=Q(status__in=RISK_OPEN)),
            late=Count("id", filter=Q(status=RiskStatus.REPORTED, ack_due_at__lt=now)),
            closed=Count("id", filter=Q(status=RiskStatus.CLOSED)),
        )
    )
    found: dict[str, dict[str, Any]] = {r["level"]: dict(r) for r in rows}
    # The most serious level first.
    return [
        Line(
            value,
            label,
            cases=found.get(value, {}).get("n", 0),
            open=found.get(value, {}).get("open", 0),
            overdue=found.get(value, {}).get("late", 0),
            closed=found.get(value, {}).get("closed", 0),
        )
        for value, label in reversed(RiskLevel.choices)
    ]


def shared_in(user: Any, node: OrgUnit) -> tuple[int, int]:
    """(all, open) cases in sight shared with a unit of the node (双向维权 协办) and handled outside it."""
    shares = rights.live_shares().filter(org__path__startswith=node.path).values("case")
    qs = rights.cases_for(user).filter(pk__in=shares).exclude(org__path__startswith=node.path).order_by()
    found = qs.aggregate(n=Count("id"), open=Count("id", filter=Q(status__in=OPEN)))
    return found["n"], found["open"]


def report(
    user: Any, node: OrgUnit, *, today: date | None = None, now: datetime | None = None, at: Moment | None = None
) -> RightsReport:
    """The dashboard of `node`, kept until a table it reads changes (core/versions.py), for one reach and day.
    Its figures also move with the clock — a case falls overdue when its due time passes, a risk report when
    its acknowledgement window does — so the key holds how many of each have, city-wide: one indexed count
    each, instead of the dozen grouped statements of the report."""
    _require_view(user, node)
    if today is not None or now is not None or not versions.keeping():
        return _report(user, node, today=today, now=now)
    at = at or moment()
    key = (access.reach(user, Cap.RIGHTS_VIEW).paths, node.path, at.day, at.crossed)
    return versions.kept("rights_report", key, lambda: _report(user, node, now=at.now))


@dataclass(frozen=True)
class Moment:
    """Where the clock stands for the dashboard's figures: the day, and how many cases and risk reports have
    crossed their deadline city-wide (a figure moves when one more does, though no table changed)."""

    now: datetime
    day: date
    crossed: tuple[int, int]

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.day.isoformat(), *self.crossed)


def moment() -> Moment:
    now = timezone.now()
    crossed = (
        rights.overdue_cases(Case.objects.all(), now).count(),
        RiskReport.objects.filter(status=RiskStatus.REPORTED, ack_due_at__lt=now).count(),
    )
    return Moment(now=now, day=timezone.localdate(now), crossed=crossed)


def _report(user: Any, node: OrgUnit, *, today: date | None = None, now: datetime | None = None) -> RightsReport:
    now = now or timezone.now()
    months = window(today or timezone.localdate(now))
    own, children, total = roll_up(user, node, now)
    shared, shared_open = shared_in(user, node)
    return RightsReport(
        node=node,
        own=own,
        children=children,
        total=total,
        months=months,
        by_month=by_month(user, node, months),
        by_month_before=by_month(user, node, window_before(months)),
        by_category=by_category(user, node, months, now),
        by_handler=by_handler(user, node, now),
        satisfaction=satisfaction(user, node),
        employers=employers(user, node, now),
        risks_by_level=risks_by_level(user, node, now),
        shared_in=shared,
        shared_in_open=shared_open,
    )
