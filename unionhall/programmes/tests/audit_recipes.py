"""Audit recipes of the programmes services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from typing import Any

from unionhall.programmes import services
from unionhall.programmes.selectors import WarmthFilters
from unionhall.programmes.tests.helpers import warmth_setup
from unionhall.tests import factories
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City

RULES: dict[str, Any] = {"categories": ["deep"], "max_per_year": 1}
AMOUNTS: dict[str, Any] = {"default": 500_00, "max": 1_000_00}


def _save(actor: str, **extra: Any) -> Recipe:
    def recipe(c: City) -> Any:
        values: dict[str, Any] = {"code": "NEW", "name": "新项目", "kind": "living", "fund": None}
        values |= {"rules": RULES, "amounts": AMOUNTS} | extra
        return lambda: services.programme_save(actor=c.users[actor], **values)

    return recipe


def _batch(actor: str) -> Recipe:
    def recipe(c: City) -> Any:
        s = warmth_setup(c.u1, households=2)
        # In the background the start is the one business action of the call; each household's request is
        # its own action later (tested in test_batch.py).
        return lambda: services.warmth_batch_start(
            actor=c.users[actor],
            programme=s["programme"],
            budget=s["budget"],
            filters=WarmthFilters(org=c.u1),
            background=True,
        )

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.programmes.services.programme_save": (_save("city_admin"), _save("cadre_d1")),
    "unionhall.programmes.services.programme_deactivate": (
        lambda c: (lambda p: lambda: services.programme_deactivate(actor=c.users["city_admin"], programme=p))(
            factories.programme()
        ),
        lambda c: (lambda p: lambda: services.programme_deactivate(actor=c.users["cadre_d1"], programme=p))(
            factories.programme()
        ),
    ),
    "unionhall.programmes.services.programme_activate": (
        lambda c: (lambda p: lambda: services.programme_activate(actor=c.users["city_admin"], programme=p))(
            factories.programme(active=False)
        ),
        # Already running: a conflict.
        lambda c: (lambda p: lambda: services.programme_activate(actor=c.users["city_admin"], programme=p))(
            factories.programme()
        ),
    ),
    "unionhall.programmes.services.warmth_batch_start": (_batch("cadre_t1"), _batch("reviewer_d1")),
}
