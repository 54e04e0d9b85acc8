"""Reads of the innovation and competitions dashboard (创新与竞赛统计), always through the scope rule.

A year is chosen; a submission belongs to the year it was filed in (Asia/Shanghai) and counts at its union.
Like the other dashboards of the tree (selectors.py, rights_selectors.py), each figure is given for the viewed
node and each child, a child counting its whole subtree, from one grouped statement per kind of record
(`rollup.grouped`): no query runs per child, and a node's total is its own part plus its children's.

Participation (参与率) is members with at least one submission of the year, as lead or team member, over the
members of the subtree. Both sides count a person where their open membership is — the denominator is
MemberTally, the per-union count the database keeps, never a count of a million memberships — so a person
counts once, in one branch, and the rate never passes 100 %. A member counts as taking part whichever union
filed the submission (it is the person's participation); the numbers only are shown, never who.

Competitions: the number each branch organizes and takes part in (participant rows) in the year, and, for
the node, the competitions running or finished that a unit of its subtree organizes, co-organizes or takes
part in, each with its current leaders from the kept ranking (`competitions.ranking`, `Standing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from unionhall.competitions import selectors as competitions
from unionhall.competitions.models import Competition, CompetitionStatus, Participant, Standing
from unionhall.core.errors import NotFound
from unionhall.innovation.models import Kind, Submission, SubmissionMember
from unionhall.innovation.periods import ADOPTED, VERIFIED, filed_in
from unionhall.members.models import OPEN_STATUSES, Membership, MemberTally
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.rollup import Summable, grouped, split

# How many leaders of each competition the dashboard names, and how many competitions it lists.
LEADERS = 3
LISTED = 20


@dataclass(slots=True)
class Figures(Summable):
    """What the dashboard counts at one place: the node's own rows, a child's subtree, or a total."""

    members: int = 0  # open memberships now (MemberTally)
    participants: int = 0  # of them, with a submission filed in the year
    submissions: int = 0  # filed in the year
    adopted: int = 0  # of them, adopted (and whatever followed)
    verified: int = 0  # of them, with the benefit verified
    benefit_fen: int = 0  # their verified benefit a year
    organized: int = 0  # competitions organized there, whose period meets the year
    entries: int = 0  # participant rows there in competitions whose period meets the year

    @property
    def rate(self) -> Decimal | None:
        """参与率 in percent, one decimal; None without members."""
        if not self.members:
            return None
        return (Decimal(100 * self.participants) / self.members).quantize(Decimal("0.1"))


@dataclass
class ChildFigures:
    org: OrgUnit
    figures: Figures


@dataclass
class Line:
    """One line of a breakdown (a kind, a month): submissions, adopted, verified and their benefit."""

    key: str
    label: str
    submissions: int = 0
    adopted: int = 0
    verified: int = 0
    benefit_fen: int = 0


@dataclass
class Leader:
    rank: int
    label: str
    score: Decimal
    ours: bool  # the participant is a unit of the viewed subtree


@dataclass
class CompetitionLine:
    competition: Competition
    participants: int
    leaders: list[Leader]
    best_ours: int | None  # the best rank of a participant of the viewed subtree


@dataclass
class InnovationReport:
    node: OrgUnit
    year: int
    own: Figures
    children: list[ChildFigures]
    total: Figures
    by_kind: list[Line] = field(default_factory=list)
    by_month: list[Line] = field(default_factory=list)  # the 12 months of the year
    by_month_before: list[Line] = field(default_factory=list)  # the 12 months of the year before
    competitions: list[CompetitionLine] = field(default_factory=list)
    competitions_seen: int = 0  # all the competitions of the list, of which `LISTED` are shown


# --- scoped querysets -------------------------------------------------------------------------------


def _require_view(user: Any, node: OrgUnit) -> None:
    if not access.reach(user, Cap.INNOVATION_VIEW).covers(node.path):
        raise NotFound()


def submissions_under(user: Any, node: OrgUnit, year: int) -> QuerySet[Submission]:
    """Submissions in sight filed in the year at the node or below it."""
    qs = access.scope_queryset(user, Cap.INNOVATION_VIEW, Submission.objects.all(), "org")
    return filed_in(qs.filter(org__path__startswith=node.path), year)


def participants_under(user: Any, node: OrgUnit, year: int) -> QuerySet[Membership]:
    """The open memberships at the node or below whose person is a member of a submission filed in the year
    (one open membership a person: a partial unique constraint)."""
    people = filed_in(SubmissionMember.objects.all(), year, prefix="submission__")
    qs = access.scope_queryset(user, Cap.INNOVATION_VIEW, Membership.objects.all(), "org")
    return qs.filter(
        org__path__startswith=node.path, status__in=OPEN_STATUSES, person_id__in=people.values("person_id")
    )


def tallies_under(user: Any, node: OrgUnit) -> QuerySet[MemberTally]:
    qs = access.scope_queryset(user, Cap.INNOVATION_VIEW, MemberTally.objects.all(), "org")
    return qs.filter(org__path__startswith=node.path)


def _meets_year(year: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__year__lte": year, f"{prefix}ends_on__year__gte": year})


def organized_under(user: Any, node: OrgUnit, year: int) -> QuerySet[Competition]:
    """Competitions organized at the node or below whose period meets the year (what the competitions list
    shows filtered by the organizer and the year)."""
    qs = access.scope_queryset(user, Cap.COMPETITION_VIEW, Competition.objects.all(), "org")
    return qs.filter(_meets_year(year), org__path__startswith=node.path)


def entries_under(user: Any, node: OrgUnit, year: int) -> QuerySet[Participant]:
    qs = access.scope_queryset(user, Cap.COMPETITION_VIEW, Participant.objects.all(), "org")
    return qs.filter(_meets_year(year, "competition__"), org__path__startswith=node.path)


# --- the roll-up -----------------------------------------------------------------------------------


def _branch_figures(user: Any, node: OrgUnit, year: int) -> dict[str, Figures]:
    """Figures by branch (a child's path, or the node's own), from five grouped statements."""
    out: dict[str, Figures] = {}
    parts = (
        grouped(tallies_under(user, node), node, members=Sum("members")),
        grouped(participants_under(user, node, year), node, participants=Count("id")),
        grouped(
            submissions_under(user, node, year),
            node,
            submissions=Count("id"),
            adopted=Count("id", filter=Q(status__in=ADOPTED)),
            verified=Count("id", filter=Q(status__in=VERIFIED)),
            benefit_fen=Sum("verified_benefit_fen", filter=Q(status__in=VERIFIED)),
        ),
        grouped(organized_under(user, node, year), node, organized=Count("id")),
        grouped(entries_under(user, node, year), node, entries=Count("id")),
    )
    for by_branch in parts:
        for branch, values in by_branch.items():
            figures = out.setdefault(branch, Figures())
            for name, value in values.items():
                setattr(figures, name, value)
    return out


def roll_up(user: Any, node: OrgUnit, year: int) -> tuple[Figures, list[ChildFigures], Figures]:
    """(own, children, total) of the node: total = own + the sum of the children's subtrees."""
    _require_view(user, node)
    own, children, total = split(node, _branch_figures(user, node, year), Figures)
    return own, [ChildFigures(org, figures) for org, figures in children], total


# --- breakdowns -----------------------------------------------------------------------------------


def _line(key: str, label: str, found: Any) -> Line:
    r = found or {}
    return Line(key, label, r.get("n", 0), r.get("adopted", 0), r.get("verified", 0), int(r.get("fen") or 0))


_LINE = {
    "n": Count("id"),
    "adopted": Count("id", filter=Q(status__in=ADOPTED)),
    "verified": Count("id", filter=Q(status__in=VERIFIED)),
    "fen": Sum("verified_benefit_fen", filter=Q(status__in=VERIFIED)),
}


def by_kind(user: Any, node: OrgUnit, year: int) -> list[Line]:
    rows = submissions_under(user, node, year).order_by().values("kind").annotate(**_LINE)
    found = {r["kind"]: r for r in rows}
    return [_line(value, str(label), found.get(value)) for value, label in Kind.choices]


def by_month(user: Any, node: OrgUnit, year: int) -> list[Line]:
    """The twelve months of the year, by the month each submission was filed (Asia/Shanghai)."""
    rows = submissions_under(user, node, year).order_by().annotate(m=ExtractMonth("filed_at")).values("m")
    found = {r["m"]: r for r in rows.annotate(**_LINE)}
    return [_line(f"{year}-{m:02d}", f"{m}月", found.get(m)) for m in range(1, 13)]


def _competitions_of(user: Any, node: OrgUnit, year: int) -> QuerySet[Competition]:
    """Running or finished competitions in sight whose period meets the year and that a unit of the subtree
    organizes, co-organizes or takes part in."""
    of_node = (
        Q(org__path__startswith=node.path)
        | Q(pk__in=Participant.objects.filter(org__path__startswith=node.path).values("competition_id"))
        | Q(
            pk__in=Competition.co_organizers.through.objects.filter(orgunit__path__startswith=node.path).values(
                "competition_id"
            )
        )
    )
    statuses = (CompetitionStatus.RUNNING, CompetitionStatus.FINISHED)
    return competitions.competitions_for(user).filter(of_node, _meets_year(year), status__in=statuses)


def competition_lines(user: Any, node: OrgUnit, year: int) -> tuple[list[CompetitionLine], int]:
    """The competitions of the node (running first, then the latest started), each with its leaders in the
    kept overall ranking and the best rank of the subtree's participants; and how many there are in all."""
    qs = _competitions_of(user, node, year)
    seen = qs.count()
    shown = list(
        qs.select_related("org")
        .annotate(n=Count("participants", distinct=True))
        # "running" sorts after "finished": descending puts the running ones first.
        .order_by("-status", "-starts_on", "-id")[:LISTED]
    )
    ids = [c.pk for c in shown]
    leaders: dict[int, list[Leader]] = {pk: [] for pk in ids}
    overall = Standing.objects.filter(competition_id__in=ids, stage=None)
    for s in overall.filter(rank__lte=LEADERS).select_related("participant__org").order_by("rank", "participant_id"):
        p = s.participant
        leaders[s.competition_id].append(Leader(s.rank, p.label, s.score, p.org.path.startswith(node.path)))
    best = dict(
        overall.filter(participant__org__path__startswith=node.path)
        .order_by()
        .values("competition_id")
        .annotate(best=Min("rank"))
        .values_list("competition_id", "best")
    )
    lines = [CompetitionLine(c, c.n, leaders[c.pk], best.get(c.pk)) for c in shown]
    return lines, seen


def report(user: Any, node: OrgUnit, year: int) -> InnovationReport:
    own, children, total = roll_up(user, node, year)
    lines, seen = competition_lines(user, node, year)
    return InnovationReport(
        node=node,
        year=year,
        own=own,
        children=children,
        total=total,
        by_kind=by_kind(user, node, year),
        by_month=by_month(user, node, year),
        by_month_before=by_month(user, node, year - 1),
        competitions=lines,
        competitions_seen=seen,
    )
