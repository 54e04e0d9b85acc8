"""Audit recipes of the skills contest services (see unionhall/tests/audit_support.py): each service once
succeeding and once refused, one event either way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from unionhall.contests import services
from unionhall.contests.models import SkillsContest
from unionhall.contests.tests.support import ITEMS, contest, entrant, judge, judge_score, member, seat, theory
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _on(fn: Callable[[City, SkillsContest], Any], *, start: bool = True) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = contest(c, start=start)
        return lambda: fn(c, made)

    return recipe


def _create(title: str) -> Recipe:
    return lambda c: lambda: services.contest_create(
        actor=c.users["cadre_d1"], org=c.d1, title=title, trade="钳工", starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 1), items=ITEMS,
    )  # fmt: skip


def _entrant(org: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = contest(c)
        person = member(getattr(c, org))
        return lambda: services.contest_entrant_add(actor=c.users["cadre_d1"], contest=made, person=person)

    return recipe


def _judge(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = contest(c)
        user = judge("judge_far", c.d2)
        return lambda: services.contest_judge_add(actor=c.users[who], contest=made, user=user)

    return recipe


def _theory(score: Any) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = contest(c)
        e = entrant(made, c.u1)
        return lambda: theory(made, e, score, actor=c.users["cadre_d1"])

    return recipe


def _finish(*, scored: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = contest(c)
        if scored:
            a = judge("judge_far", c.d2)
            seat(made, a)
            for e in made.entrants.all():
                judge_score(made, e, a, 90, 9)
                theory(made, e, 80)
        return lambda: services.contest_finish(actor=c.users["cadre_d1"], contest=made, awarded_top=1)

    return recipe


def _item_add_with_room(c: City) -> Callable[[], Any]:
    made = contest(c, start=False)
    made.items.filter(name="工艺规范").delete()
    return lambda: services.contest_item_add(
        actor=c.users["cadre_d1"], contest=made, kind="practice", name="识图", weight=20
    )


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.contests.services.contest_create": (_create("东区钳工技术比武"), _create(" ")),
    "unionhall.contests.services.contest_item_add": (
        _item_add_with_room,
        # The weights already make 100.
        _on(
            lambda c, m: services.contest_item_add(
                actor=c.users["cadre_d1"], contest=m, kind="practice", name="识图", weight=10
            ),
            start=False,
        ),
    ),
    "unionhall.contests.services.contest_entrant_add": (_entrant("u2"), _entrant("u3")),
    "unionhall.contests.services.contest_judge_add": (_judge("cadre_d1"), _judge("chair_u1")),
    "unionhall.contests.services.contest_theory_enter": (_theory("95.5"), _theory("101")),
    "unionhall.contests.services.contest_start": (
        _on(lambda c, m: services.contest_start(actor=c.users["cadre_d1"], contest=m), start=False),
        _on(lambda c, m: services.contest_start(actor=c.users["cadre_d1"], contest=m)),
    ),
    "unionhall.contests.services.contest_finish": (_finish(scored=True), _finish(scored=False)),
    "unionhall.contests.services.contest_cancel": (
        _on(lambda c, m: services.contest_cancel(actor=c.users["cadre_d1"], contest=m, reason="场地检修")),
        _on(lambda c, m: services.contest_cancel(actor=c.users["cadre_d1"], contest=m, reason=" ")),
    ),
}
