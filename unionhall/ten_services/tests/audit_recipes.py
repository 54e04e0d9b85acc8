"""Audit recipes of the ten_services services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.ten_services import services
from unionhall.ten_services.tests.helpers import record
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _record(actor: str) -> Recipe:
    return lambda c: (
        lambda: services.delivery_record(
            actor=c.users[actor],
            org=c.u1,
            kind="legal",
            delivered_on=date(2026, 3, 1),
            title="法律咨询",
            beneficiary_count=30,
        )
    )


def _update(actor: str) -> Recipe:
    def recipe(c: City) -> Any:
        d = record(c.u1)
        return lambda: services.delivery_update(actor=c.users[actor], delivery=d, beneficiary_count=12)

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.ten_services.services.delivery_record": (_record("chair_u1"), _record("reviewer_d1")),
    "unionhall.ten_services.services.delivery_update": (_update("cadre_t1"), _update("outsider")),
}
