"""Audit recipes of the joining services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.joining import services
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import WANG, submit


def _on_application(fn: Callable[[City, Any], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        app = submit(c)
        return lambda: fn(c, app)

    return recipe


def _withdrawn(c: City) -> Callable[[], Any]:
    app = submit(c)
    services.join_application_withdraw(actor=services.PORTAL, code=app.code, id_last4=WANG[-4:])
    return lambda: services.join_application_withdraw(actor=services.PORTAL, code=app.code, id_last4=WANG[-4:])


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.joining.services.join_application_submit": (
        lambda c: lambda: submit(c),
        lambda c: lambda: submit(c, id_number="320508199003071230"),  # a wrong check digit
    ),
    # Approval joins the member through members.services.member_join: still one event, the approval's.
    "unionhall.joining.services.join_application_approve": (
        _on_application(lambda c, a: services.join_application_approve(actor=c.users["chair_u1"], application=a)),
        _on_application(lambda c, a: services.join_application_approve(actor=c.users["reviewer_d1"], application=a)),
    ),
    "unionhall.joining.services.join_application_reject": (
        _on_application(
            lambda c, a: services.join_application_reject(
                actor=c.users["chair_u1"], application=a, reason="非本单位职工"
            )
        ),
        _on_application(
            lambda c, a: services.join_application_reject(actor=c.users["chair_u1"], application=a, reason=" ")
        ),
    ),
    "unionhall.joining.services.join_application_withdraw": (
        _on_application(
            lambda c, a: services.join_application_withdraw(actor=services.PORTAL, code=a.code, id_last4=WANG[-4:])
        ),
        _withdrawn,
    ),
}
