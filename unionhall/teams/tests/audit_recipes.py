"""Audit recipes of the team services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.teams import periods, services
from unionhall.teams.models import WorkTeam
from unionhall.teams.tests.support import member, team
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _on(fn: Callable[[City, WorkTeam], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = team(c)
        return lambda: fn(c, made)

    return recipe


def _create(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        leader = member(c.u1, "周班长")
        return lambda: services.team_create(actor=c.users[who], org=c.u1, name="装配二班", leader=leader)

    return recipe


def _import(who: str) -> Callable[[City, WorkTeam], Any]:
    def run(c: City, made: WorkTeam) -> Any:
        row = {"team": made, "period": periods.last(), "item": "energy", "actual": 1_200_00, "target": 1_500_00}
        return services.team_cost_import(actor=c.users[who], org=c.u1, rows=[row])

    return run


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.teams.services.team_create": (_create("chair_u1"), _create("reviewer_d1")),
    "unionhall.teams.services.team_update": (
        _on(lambda c, t: services.team_update(actor=c.users["chair_u1"], team=t, name="机加工甲班", leader=t.leader, members=[])),
        _on(lambda c, t: services.team_update(actor=c.users["chair_u1"], team=t, name=" ", leader=t.leader, members=[])),
    ),
    "unionhall.teams.services.team_targets_save": (
        _on(lambda c, t: services.team_targets_save(actor=c.users["chair_u1"], team=t, period=periods.current(), amounts={"materials": 5_000_00})),
        _on(lambda c, t: services.team_targets_save(actor=c.users["chair_u1"], team=t, period="2026-13", amounts={"materials": 5_000_00})),
    ),
    "unionhall.teams.services.team_actuals_save": (
        _on(lambda c, t: services.team_actuals_save(actor=c.users["cadre_t1"], team=t, period=periods.last(), amounts={"energy": 0})),
        _on(lambda c, t: services.team_actuals_save(actor=c.users["outsider"], team=t, period=periods.last(), amounts={"energy": 1})),
    ),
    "unionhall.teams.services.team_cost_import": (_on(_import("chair_u1")), _on(_import("reviewer_d1"))),
}  # fmt: skip
