"""Builders of a skills contest's life for the generic walk of every workflow table (unionhall/workflow/tests):
a contest of 东区 (set up whole, so it may start; started through its service when asked to be running or
beyond, so it has its panel) in the status asked for, the district's cadre acting; a contest asked to be
finished is given every score first."""

from __future__ import annotations

from typing import Any

from unionhall.contests.models import ContestStatus, SkillsContest
from unionhall.contests.tests.support import contest, judge, judge_score, seat, theory
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_contest(c: City, status: str, t: Transition) -> Setup:
    made = contest(c, start=status != ContestStatus.DRAFT)
    if made.panel is not None:
        a = judge("judge_walk", c.d2)
        seat(made, a)
        for e in made.entrants.all():
            judge_score(made, e, a, 90, 9)
            theory(made, e, 80)
    SkillsContest.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    params: dict[str, Any] = {"awarded_top": 1} if t.name == "finish" else {}
    return Setup(obj=made, actor=c.users["cadre_d1"], params=params)


BUILDERS: dict[str, Any] = {"contest": a_contest}
