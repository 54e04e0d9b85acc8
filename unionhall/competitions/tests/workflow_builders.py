"""Builders of a competition's and a result's lives for the generic walk of every workflow table
(unionhall/workflow/tests): a competition of 东区 (set up whole, so it may start) in the status asked for, the
district's cadre acting; a result of 东方机械公司工会 in a running competition, the organizer verifying or
returning it and the union's chair entering it again."""

from __future__ import annotations

from typing import Any

from unionhall.competitions.models import Competition, Result
from unionhall.competitions.tests.support import competition, enter
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_competition(c: City, status: str, t: Transition) -> Setup:
    made = competition(c, start=False)
    Competition.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    params = {"commendation": "授予第一名优胜单位称号。", "commended_top": 1} if t.name == "finish" else {}
    return Setup(obj=made, actor=c.users["cadre_d1"], params=params)


def a_result(c: City, status: str, t: Transition) -> Setup:
    made = competition(c)
    result = enter(made, c.u1, "JD", "90")
    Result.objects.filter(pk=result.pk).update(status=status)
    result.refresh_from_db()
    actor = c.users["chair_u1"] if t.name == "reenter" else c.users["cadre_d1"]
    params: dict[str, Any] = {"value": "95"} if t.name == "reenter" else {}
    return Setup(obj=result, actor=actor, params=params)


BUILDERS: dict[str, Any] = {"competition": a_competition, "competition_result": a_result}
