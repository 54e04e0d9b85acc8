"""The roll-up: for random targets and actuals of teams spread over the tree, every unit's figure equals its own
plus the sum of its children's, and equals a naive sum over the teams of its subtree; the ranking page's node
splits into its own part and its children's the same way."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.orgs.models import OrgUnit
from unionhall.teams import periods, selectors
from unionhall.teams.costs import Figures, Line, team_figures
from unionhall.teams.models import ITEMS, CostActual, CostTarget, WorkTeam
from unionhall.teams.tests.support import team
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db

UNITS = ("u1", "u1", "u2", "u2", "u3")
amount = st.one_of(st.none(), st.integers(0, 10**8))
months = st.lists(
    st.lists(st.tuples(amount, amount), min_size=len(ITEMS), max_size=len(ITEMS)),
    min_size=len(UNITS),
    max_size=len(UNITS),
)


def _teams(c: City) -> list[WorkTeam]:
    if not WorkTeam.objects.exists():
        for n, unit in enumerate(UNITS):
            team(c, org=getattr(c, unit), name=f"班组{n}", size=1)
    return list(WorkTeam.objects.select_related("org").order_by("pk"))


FIELDS = ("teams", "reported", "target_fen", "actual_fen", "adopted")


def _as(f: Figures) -> tuple[int, ...]:
    return tuple(getattr(f, k) for k in FIELDS)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=months)
def test_every_units_figure_is_its_own_plus_its_childrens_and_the_sum_of_its_subtrees_teams(
    city: City, spec: list[list[tuple[Any, Any]]]
) -> None:
    teams = _teams(city)
    CostTarget.objects.all().delete()
    CostActual.objects.all().delete()
    month = periods.last()
    naive: dict[int, Figures] = {}
    for t, items in zip(teams, spec, strict=True):
        for item, (target, actual) in zip(ITEMS, items, strict=True):
            if target is not None:
                CostTarget.objects.create(team=t, period=month, item=item.value, amount_fen=target)
            if actual is not None:
                CostActual.objects.create(team=t, period=month, item=item.value, amount_fen=actual)
        naive[t.pk] = team_figures([Line(a, b) for a, b in items])
    root = city.city
    rows = selectors.subtree_rows(SYSTEM, root, month)
    totals = selectors.unit_totals(root, selectors.own_by_path(rows))
    units = list(OrgUnit.objects.all())
    for unit in units:
        expected = Figures()
        for t in teams:
            if t.org.path.startswith(unit.path):
                expected.add(naive[t.pk])
        assert _as(totals.get(unit.path) or Figures()) == _as(expected), unit.name
        children = [u for u in units if u.depth == unit.depth + 1 and u.path.startswith(unit.path)]
        summed = Figures()
        summed.add(selectors.own_by_path(rows).get(unit.path) or Figures())
        for child in children:
            summed.add(totals.get(child.path) or Figures())
        assert _as(summed) == _as(expected)
        r = selectors.ranking(SYSTEM, unit, month)
        assert _as(r.total) == _as(expected)
        split = Figures()
        split.add(r.own)
        for _, f in r.children:
            split.add(f)
        assert _as(split) == _as(r.total)
        assert [p.rank for p in r.teams if p.rank is not None] == sorted(p.rank for p in r.teams if p.rank is not None)
