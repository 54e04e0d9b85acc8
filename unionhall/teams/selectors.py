"""Reads of team cost management, always scoped: the teams in a user's reach (`innovation.view` over the
team's union), a team's months, the figures of many teams for one month in a fixed number of queries, the
members' adopted suggestions, and the roll-up of a unit's subtree for the ranking page.

**Adopted suggestions** of a team in a month: the innovation submissions (innovation/models.py) that a member
of the team made, alone or with others, and that were adopted that month (the `adopt` step's history line
falls in the month, Shanghai time), each counted once per team however many of its members made it.

**The roll-up** (orgs/rollup.py): each team's figures are its union's own; every unit's total is its own plus
its descendants' (`rollup.totals_up_the_tree`), and the page's node is split into its own part, each child's
subtree and the total (`rollup.split`), so every parent's figure is by construction the sum of its children's
and its own. The figures are summed in Python from one read of the subtree's teams, targets and actuals rather
than grouped in SQL (`rollup.by_branch`): a team's figure counts only the items with both a target and an
actual, a pairing one GROUP BY per table cannot make.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from unionhall.innovation.models import SubmissionEvent, SubmissionMember
from unionhall.orgs import access, rollup
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.teams import periods
from unionhall.teams.costs import Figures, Line, Placed, rank, team_figures
from unionhall.teams.models import ITEMS, CostActual, CostTarget, TeamMember, WorkTeam


def teams_for(user: Any, cap: Cap = Cap.INNOVATION_VIEW) -> QuerySet[WorkTeam]:
    return access.scope_queryset(user, cap, WorkTeam.objects.all(), "org")


def team_for_user_or_404(user: Any, pk: Any) -> WorkTeam:
    return access.get_for_user_or_404(
        user, Cap.INNOVATION_VIEW, WorkTeam.objects.select_related("org", "leader"), pk, "org"
    )


def may_edit(user: Any, team: WorkTeam) -> bool:
    return access.reach(user, Cap.INNOVATION_EDIT).covers(team.org.path)


def lines_of(team_ids: Iterable[int], period: str, *, among: QuerySet[Any] | None = None) -> dict[int, dict[str, Line]]:
    """Each team's line per item for the month (two queries whatever the number of teams). `among`: the same
    teams as a query of their ids, to filter by a subquery rather than a long list."""
    ids = list(team_ids)
    where = among if among is not None else ids
    targets: dict[tuple[int, str], int] = {}
    actuals: dict[tuple[int, str], int] = {}
    for store, model in ((targets, CostTarget), (actuals, CostActual)):
        for team_id, item, fen in model.objects.filter(team_id__in=where, period=period).values_list(
            "team_id", "item", "amount_fen"
        ):
            store[(team_id, item)] = fen
    return {t: {i.value: Line(targets.get((t, i.value)), actuals.get((t, i.value))) for i in ITEMS} for t in ids}


def adopted_counts(team_ids: Iterable[int], period: str, *, among: QuerySet[Any] | None = None) -> dict[int, int]:
    """Per team, the submissions of its members adopted in the month (each submission once per team)."""
    ids = among if among is not None else list(team_ids)
    start, end = periods.bounds(period)
    adopted = SubmissionEvent.objects.filter(step="adopt", at__gte=start, at__lt=end).values("submission_id")
    made = SubmissionMember.objects.filter(submission_id__in=adopted).values_list("submission_id", "person_id")
    by_person: dict[int, set[int]] = defaultdict(set)
    for submission_id, person_id in made:
        by_person[person_id].add(submission_id)
    if not by_person:
        return {}
    found: dict[int, set[int]] = defaultdict(set)
    for team_id, person_id in TeamMember.objects.filter(team_id__in=ids, person_id__in=list(by_person)).values_list(
        "team_id", "person_id"
    ):
        found[team_id] |= by_person[person_id]
    return {t: len(s) for t, s in found.items()}


@dataclass(frozen=True, slots=True)
class TeamRow:
    team: WorkTeam
    lines: dict[str, Line]
    figures: Figures


def team_rows(teams: Iterable[WorkTeam], period: str, *, among: QuerySet[Any] | None = None) -> list[TeamRow]:
    teams = list(teams)
    ids = [t.pk for t in teams]
    lines = lines_of(ids, period, among=among)
    adopted = adopted_counts(ids, period, among=among)
    return [TeamRow(t, lines[t.pk], team_figures(lines[t.pk].values(), adopted=adopted.get(t.pk, 0))) for t in teams]


def periods_of(team: WorkTeam) -> list[str]:
    """The months a team has a target or an actual for, latest first."""
    found = set(CostTarget.objects.filter(team=team).values_list("period", flat=True))
    found |= set(CostActual.objects.filter(team=team).values_list("period", flat=True))
    return sorted(found, reverse=True)


def months_of(team: WorkTeam, months: list[str]) -> list[dict[str, Any]]:
    """The team's lines and figures for each month given, latest first, with the adopted suggestions."""
    found = []
    for period in months:
        lines = lines_of([team.pk], period)[team.pk]
        adopted = adopted_counts([team.pk], period).get(team.pk, 0)
        found.append({"period": period, "lines": lines, "figures": team_figures(lines.values(), adopted=adopted)})
    return found


# --- the roll-up and the ranking ----------------------------------------------------------------------


def subtree_rows(user: Any, node: OrgUnit, period: str, *, active_only: bool = True) -> list[TeamRow]:
    """Every team of the node's subtree in the user's reach with its figures for the month."""
    qs = teams_for(user).filter(org__path__startswith=node.path).select_related("org")
    if active_only:
        qs = qs.filter(active=True)
    return team_rows(qs.order_by("org__path", "name"), period, among=qs.values("pk"))


def own_by_path(rows: Iterable[TeamRow]) -> dict[str, Figures]:
    """Each union's own figure: the sum of its teams'."""
    own: dict[str, Figures] = {}
    for row in rows:
        own.setdefault(row.team.org.path, Figures()).add(row.figures)
    return own


def unit_totals(node: OrgUnit, own: dict[str, Figures]) -> dict[str, Figures]:
    """Every unit's total from the node down (`rollup.totals_up_the_tree`): its own figure plus all its
    descendants'. The units between the node and each union with teams are seeded empty, so each parent is
    there to receive its children's totals."""
    seeded = dict(own)
    for path in own:
        while len(path) > len(node.path):
            path = path[: -OrgUnit.steplen]
            seeded.setdefault(path, Figures())
    return rollup.totals_up_the_tree(seeded, Figures.plus)


@dataclass(frozen=True, slots=True)
class Rollup:
    node: OrgUnit
    period: str
    own: Figures
    children: list[tuple[OrgUnit, Figures]]
    total: Figures
    units: list[Placed[tuple[OrgUnit, Figures]]]
    teams: list[Placed[TeamRow]]


def ranking(user: Any, node: OrgUnit, period: str) -> Rollup:
    """The node's own figure, each child's (its whole subtree), the total, the children ranked by saving
    rate, and every team of the subtree ranked by saving rate."""
    rows = subtree_rows(user, node, period)
    own = own_by_path(rows)
    totals = unit_totals(node, own)
    width = len(node.path) + OrgUnit.steplen
    branches = {path: figures for path, figures in totals.items() if len(path) == width}
    branches[node.path] = own.get(node.path) or Figures()
    mine, children, total = rollup.split(node, branches, Figures)
    return Rollup(
        node=node,
        period=period,
        own=mine,
        children=children,
        total=total,
        units=rank(children, lambda c: c[1].rate),
        teams=rank(rows, lambda r: r.figures.rate),
    )


def missing_actuals(user: Any, period: str) -> QuerySet[WorkTeam]:
    """Teams in the register of the unions the user keeps (`innovation.edit`) with no actual cost for the
    month: what the 待办 and the list's 未填报 filter show."""
    reported = CostActual.objects.filter(period=period).values("team_id")
    return teams_for(user, Cap.INNOVATION_EDIT).filter(active=True).exclude(pk__in=reported)


def member_counts(qs: QuerySet[WorkTeam]) -> QuerySet[WorkTeam]:
    return qs.annotate(n_members=Count("members", distinct=True))


def reported_q(period: str) -> Q:
    return Q(pk__in=CostActual.objects.filter(period=period).values("team_id"))
