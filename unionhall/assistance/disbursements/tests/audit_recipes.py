"""Audit recipes of the disbursement services (see unionhall/tests/audit_support.py), gathered into the
assistance app's RECIPES by assistance/tests/audit_recipes.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from unionhall.assistance.disbursements import services as payments
from unionhall.assistance.models import Disbursement
from unionhall.tests import factories
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import a_request


def _on_request(
    fn: Callable[[City, Disbursement], Any], *, approved: bool = False, budget_fen: int = 10_000_00
) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        d = a_request(c, amount_fen=1_000_00, budget_fen=budget_fen)
        if approved:
            d = payments.disbursement_approve(actor=c.users["cadre_t1"], disbursement=d)
        return lambda: fn(c, d)

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.assistance.disbursements.services.disbursement_request": (
        lambda c: (
            lambda b: (
                lambda: payments.disbursement_request(
                    actor=c.users["chair_u1"],
                    file=factories.hardship_file(c.u1),
                    programme=factories.programme(fund=b.fund),
                    budget=b,
                    amount_fen=100_00,
                )
            )
        )(factories.budget_chain(c.d1, 1_000_00)),
        lambda c: (
            lambda b: (
                lambda: payments.disbursement_request(
                    actor=c.users["reviewer_d1"],
                    file=factories.hardship_file(c.u1),
                    programme=factories.programme(fund=b.fund),
                    budget=b,
                    amount_fen=100_00,
                )
            )
        )(factories.budget_chain(c.d1, 1_000_00)),
    ),
    "unionhall.assistance.disbursements.services.disbursement_approve": (
        _on_request(lambda c, d: payments.disbursement_approve(actor=c.users["cadre_t1"], disbursement=d)),
        # the budget holds less than the request: InsufficientFunds, audited as a failure
        _on_request(
            lambda c, d: payments.disbursement_approve(actor=c.users["cadre_t1"], disbursement=d), budget_fen=999_99
        ),
    ),
    "unionhall.assistance.disbursements.services.disbursement_reject": (
        _on_request(
            lambda c, d: payments.disbursement_reject(actor=c.users["cadre_t1"], disbursement=d, reason="重复")
        ),
        _on_request(lambda c, d: payments.disbursement_reject(actor=c.users["chair_u1"], disbursement=d, reason="x")),
    ),
    "unionhall.assistance.disbursements.services.disbursement_pay": (
        _on_request(
            lambda c, d: payments.disbursement_pay(
                actor=c.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="R1"
            ),
            approved=True,
        ),
        _on_request(  # not approved yet
            lambda c, d: payments.disbursement_pay(
                actor=c.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="R1"
            )
        ),
    ),
    "unionhall.assistance.disbursements.services.disbursement_cancel": (
        _on_request(
            lambda c, d: payments.disbursement_cancel(actor=c.users["cadre_t1"], disbursement=d, reason="退回"),
            approved=True,
        ),
        _on_request(
            lambda c, d: payments.disbursement_cancel(actor=c.users["cadre_t1"], disbursement=d, reason=""),
            approved=True,
        ),
    ),
    "unionhall.assistance.disbursements.services.disbursement_accounts_reveal": (
        _on_request(lambda c, d: payments.disbursement_accounts_reveal(actor=c.users["cadre_t1"], disbursements=[d])),
        _on_request(
            lambda c, d: payments.disbursement_accounts_reveal(actor=c.users["reviewer_d1"], disbursements=[d])
        ),
    ),
}
