"""Audit recipes of the review-panel services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.orgs.models import Role
from unionhall.panels import services
from unionhall.panels.models import Panel
from unionhall.panels.tests.support import CRITERIA, KIND, panel, register_kind, reviewer, seat, subject, values
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _create(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        register_kind()
        return lambda: services.panel_create(actor=c.users[who], org=c.d1, title="评审", kind=KIND, criteria=CRITERIA)

    return recipe


def _on_panel(fn: Callable[[City, Panel], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = panel(c)
        return lambda: fn(c, made)

    return recipe


def _score(own: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = panel(c)
        judge = reviewer("judge", c.u1 if own else c.d2, Role.GRASSROOTS_STAFF if own else Role.FEDERATION_CADRE)
        seat(made, judge)
        s = subject(made, c.u1)
        return lambda: services.panel_score(actor=judge, subject=s, values=values(made, 8, 7))

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.panels.services.panel_create": (_create("cadre_d1"), _create("outsider")),
    "unionhall.panels.services.panel_member_add": (
        _on_panel(lambda c, p: services.panel_member_add(actor=c.users["cadre_d1"], panel=p, user=c.users["chair_u3"])),
        _on_panel(
            lambda c, p: services.panel_member_add(actor=c.users["reviewer_d1"], panel=p, user=c.users["chair_u3"])
        ),
    ),
    "unionhall.panels.services.panel_subject_add": (
        _on_panel(lambda c, p: services.panel_subject_add(actor=c.users["cadre_d1"], panel=p, ref=c.u1.pk)),
        _on_panel(lambda c, p: services.panel_subject_add(actor=c.users["cadre_d1"], panel=p, ref=c.u3.pk)),
    ),
    "unionhall.panels.services.panel_score": (_score(own=False), _score(own=True)),
    "unionhall.panels.services.panel_close": (
        _on_panel(lambda c, p: services.panel_close(actor=c.users["cadre_d1"], panel=p)),
        _on_panel(lambda c, p: services.panel_close(actor=c.users["reviewer_d1"], panel=p)),
    ),
}
