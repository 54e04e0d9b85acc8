"""Audit recipes of the funds services (see unionhall/tests/audit_support.py); the disbursements' are in
assistance/disbursements/tests/audit_recipes.py."""

from __future__ import annotations

from unionhall.funds import services
from unionhall.funds.models import Budget
from unionhall.tests import factories
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City

YEAR = 2026


def _root_budget(c: City, amount_fen: int = 1_000_00) -> Budget:
    return factories.budget_chain(c.city, amount_fen, year=YEAR)


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.funds.services.fund_create": (
        lambda c: lambda: services.fund_create(actor=c.users["city_admin"], code="BF", name="帮扶专项资金"),
        lambda c: lambda: services.fund_create(actor=c.users["cadre_d1"], code="BF", name="帮扶专项资金"),
    ),
    "unionhall.funds.services.budget_create": (
        lambda c: (
            lambda: services.budget_create(
                actor=c.users["city_admin"], fund=factories.fund(), year=YEAR, amount_fen=100_00
            )
        ),
        lambda c: (
            lambda: services.budget_create(actor=c.users["cadre_d1"], fund=factories.fund(), year=YEAR, amount_fen=1)
        ),
    ),
    "unionhall.funds.services.budget_fund": (
        lambda c: (lambda b: lambda: services.budget_fund(actor=c.users["city_admin"], budget=b, amount_fen=5_00))(
            _root_budget(c)
        ),
        lambda c: (lambda b: lambda: services.budget_fund(actor=c.users["city_admin"], budget=b, amount_fen=0))(
            _root_budget(c)
        ),
    ),
    "unionhall.funds.services.budget_allocate": (
        lambda c: (
            lambda b: lambda: services.budget_allocate(actor=c.users["city_admin"], parent=b, org=c.d1, amount_fen=1)
        )(_root_budget(c)),
        lambda c: (  # more than the root holds
            lambda b: (
                lambda: services.budget_allocate(actor=c.users["city_admin"], parent=b, org=c.d1, amount_fen=1_000_01)
            )
        )(_root_budget(c)),
    ),
}
