"""Audit recipes of the competition services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from unionhall.competitions import services
from unionhall.competitions.models import Competition
from unionhall.competitions.tests.support import INDICATORS, competition, enter, participant
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _on(fn: Callable[[City, Competition], Any], *, start: bool = True) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = competition(c, start=start)
        return lambda: fn(c, made)

    return recipe


def _on_result(fn: Callable[[City, Any], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = competition(c)
        result = enter(made, c.u1, "JD", "90")
        return lambda: fn(c, result)

    return recipe


def _create(who: str, title: str = "东区节能竞赛") -> Recipe:
    return lambda c: lambda: services.competition_create(
        actor=c.users[who], org=c.d1, title=title, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
        indicators=INDICATORS,
    )  # fmt: skip


def _enter(who: str) -> Callable[[City, Competition], Any]:
    def run(c: City, made: Competition) -> Any:
        return services.competition_result_enter(
            actor=c.users[who], competition=made, participant=participant(made, c.u1),
            indicator=made.indicators.get(code="JD"), stage=made.stages.get(number=1), value="88",
        )  # fmt: skip

    return run


def _import(who: str, value: str) -> Callable[[City, Competition], Any]:
    def run(c: City, made: Competition) -> Any:
        row = {
            "competition": made, "participant": participant(made, c.u1), "indicator": made.indicators.get(code="AQ"),
            "stage": made.stages.get(number=2), "value": value,
        }  # fmt: skip
        return services.competition_result_import(actor=c.users[who], org=c.u1, rows=[row])

    return run


def _indicator_add(*, weight_free: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = competition(c, start=False)
        if weight_free:
            made.indicators.filter(code="AQ").delete()
        return lambda: services.competition_indicator_add(
            actor=c.users["cadre_d1"], competition=made, code="ZL", name="质量", weight="40", target="1"
        )

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.competitions.services.competition_create": (_create("cadre_d1"), _create("cadre_d1", title=" ")),
    "unionhall.competitions.services.competition_indicator_add": (
        _indicator_add(weight_free=True),
        # The weights already make 100.
        _on(
            lambda c, m: services.competition_indicator_add(
                actor=c.users["cadre_d1"], competition=m, code="ZL", name="质量", weight="10", target="1"
            ),
            start=False,
        ),
    ),
    "unionhall.competitions.services.competition_indicator_edit": (
        _on(
            lambda c, m: services.competition_indicator_edit(
                actor=c.users["cadre_d1"], indicator=m.indicators.get(code="AQ"), name="安全生产事故", weight="40"
            ),
            start=False,
        ),
        # Heavier than the 40 left beside 工程进度's 60.
        _on(
            lambda c, m: services.competition_indicator_edit(
                actor=c.users["cadre_d1"], indicator=m.indicators.get(code="AQ"), weight="41"
            ),
            start=False,
        ),
    ),
    "unionhall.competitions.services.competition_indicator_remove": (
        _on(
            lambda c, m: services.competition_indicator_remove(
                actor=c.users["cadre_d1"], indicator=m.indicators.get(code="AQ")
            ),
            start=False,
        ),
        # The competition runs: its indicators are fixed.
        _on(
            lambda c, m: services.competition_indicator_remove(
                actor=c.users["cadre_d1"], indicator=m.indicators.get(code="AQ")
            )
        ),
    ),
    "unionhall.competitions.services.competition_stage_add": (
        _on(
            lambda c, m: services.competition_stage_add(
                actor=c.users["cadre_d1"],
                competition=m,
                name="第四季度",
                starts_on=date(2026, 10, 1),
                ends_on=date(2026, 12, 31),
            ),
            start=False,
        ),
        _on(
            lambda c, m: services.competition_stage_add(
                actor=c.users["cadre_d1"],
                competition=m,
                name="第四季度",
                starts_on=date(2026, 10, 1),
                ends_on=date(2026, 12, 31),
            )
        ),
    ),
    "unionhall.competitions.services.competition_participant_add": (
        _on(lambda c, m: services.competition_participant_add(actor=c.users["cadre_d1"], competition=m, org=c.b1)),
        _on(lambda c, m: services.competition_participant_add(actor=c.users["chair_u1"], competition=m, org=c.b1)),
    ),
    "unionhall.competitions.services.competition_start": (
        _on(lambda c, m: services.competition_start(actor=c.users["cadre_d1"], competition=m), start=False),
        _on(lambda c, m: services.competition_start(actor=c.users["cadre_d1"], competition=m)),
    ),
    "unionhall.competitions.services.competition_finish": (
        _on(
            lambda c, m: services.competition_finish(
                actor=c.users["cadre_d1"], competition=m, commendation="授予优胜单位称号。", commended_top=1
            )
        ),
        _on(lambda c, m: services.competition_finish(actor=c.users["chair_u1"], competition=m, commendation="自评")),
    ),
    "unionhall.competitions.services.competition_cancel": (
        _on(lambda c, m: services.competition_cancel(actor=c.users["cadre_d1"], competition=m, reason="工程停工")),
        _on(lambda c, m: services.competition_cancel(actor=c.users["cadre_d1"], competition=m, reason=" ")),
    ),
    "unionhall.competitions.services.competition_result_enter": (_on(_enter("chair_u1")), _on(_enter("reviewer_d1"))),
    "unionhall.competitions.services.competition_result_import": (
        _on(_import("chair_u1", "1")),
        _on(_import("chair_u1", "-1")),
    ),
    "unionhall.competitions.services.competition_result_verify": (
        _on_result(lambda c, r: services.competition_result_verify(actor=c.users["cadre_d1"], result=r)),
        _on_result(lambda c, r: services.competition_result_verify(actor=c.users["chair_u1"], result=r)),
    ),
    "unionhall.competitions.services.competition_result_return": (
        _on_result(lambda c, r: services.competition_result_return(actor=c.users["cadre_d1"], result=r, reason="有误")),
        _on_result(lambda c, r: services.competition_result_return(actor=c.users["cadre_d1"], result=r, reason="")),
    ),
    "unionhall.competitions.services.competition_result_reenter": (
        _on_result(lambda c, r: services.competition_result_reenter(actor=c.users["chair_u1"], result=r, value="91")),
        _on_result(lambda c, r: services.competition_result_reenter(actor=c.users["chair_u1"], result=r, value="x")),
    ),
}
