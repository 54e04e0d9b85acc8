"""Audit recipes of the orgs services kept outside core's table (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from unionhall.orgs import register_services
from unionhall.orgs.register_services import EmployerRow
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import uscc


def _register(actor: str) -> Recipe:
    rows = [EmployerRow(row=2, uscc=uscc("320508NEWR0001"), values={"name": "新登记单位"})]
    return lambda c: lambda: register_services.employer_register_commit(actor=c.users[actor], org=c.t1, rows=rows)


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.orgs.register_services.employer_register_commit": (_register("cadre_t1"), _register("chair_u3")),
}
