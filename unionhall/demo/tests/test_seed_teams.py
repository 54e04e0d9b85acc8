"""seed_demo's work teams: three teams of the chair's union with targets for the last three months and this one,
actuals for the last three except the third team's last month; the district's cadre
sees the teams and their ranking, with last month's missing actuals as the 待办."""

from __future__ import annotations

import datetime as dt

import pytest

from unionhall.accounts.models import User
from unionhall.demo.seed import seed_demo
from unionhall.teams import selectors
from unionhall.teams.models import CostActual, CostTarget, WorkTeam

pytestmark = pytest.mark.django_db


def test_the_demo_union_keeps_three_teams_with_three_months_of_costs() -> None:
    result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
    assert result["work_teams"] == 3
    teams = list(WorkTeam.objects.order_by("pk"))
    assert [t.name for t in teams] == ["机加工一班", "装配二班", "设备维修班"]
    assert sorted(set(CostTarget.objects.values_list("period", flat=True))) == [
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    assert sorted(set(CostActual.objects.values_list("period", flat=True))) == ["2026-08", "2026-09", "2026-10"]
    assert not CostActual.objects.filter(team=teams[2], period="2026-10").exists()
    cadre = User.objects.get(username="cadre_gusu")
    assert set(selectors.teams_for(cadre)) == set(teams)
    assert [t.pk for t in selectors.missing_actuals(cadre, "2026-10")] == [teams[2].pk]
    ranked = selectors.ranking(cadre, teams[0].org, "2026-10").teams
    assert [p.rank for p in ranked][:2] in ([1, 2], [1, 1]) and ranked[-1].rank is None
    assert all(p.row.figures.rate is not None and p.row.figures.rate > 0 for p in ranked[:2])
