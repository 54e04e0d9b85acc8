"""Acceptance: approvals under concurrency, on PostgreSQL (row locks are what is tested; SQLite skips).

Many threads, each with its own database connection, approve requests against one budget that covers
only some of them: exactly as many as the budget covers are approved, the rest are refused with
insufficient_funds, and the books still balance. Two approvers racing on one request post it once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from unionhall.accounts.models import User
from unionhall.assistance.disbursements import services
from unionhall.assistance.models import Disbursement, DisbursementStatus
from unionhall.core.models import AuditEvent
from unionhall.funds.models import Budget, Journal, JournalKind
from unionhall.tests import factories
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 12


def test_concurrent_approvals_spend_exactly_what_the_budget_holds(city: City) -> None:
    amount, budget_fen = 1_000_00, 7_500_00  # covers 7 of 12
    budget = factories.budget_chain(city.d1, budget_fen)
    programme = factories.programme(fund=budget.fund)
    requests = [
        services.disbursement_request(
            actor=city.users["chair_u1"],
            file=factories.hardship_file(city.u1),
            programme=programme,
            budget=budget,
            amount_fen=amount,
        )
        for _ in range(THREADS)
    ]
    before = AuditEvent.objects.filter(action="disbursement.approve").count()

    def approve(pk: int) -> Callable[[], str]:
        def job() -> str:
            actor = User.objects.get(username="cadre_t1")
            d = Disbursement.objects.get(pk=pk)
            return services.disbursement_approve(actor=actor, disbursement=d).status

        return job

    results = run_together([approve(d.pk) for d in requests])
    covered = budget_fen // amount
    assert Counter(results) == {DisbursementStatus.APPROVED: covered, "insufficient_funds": THREADS - covered}
    budget.refresh_from_db()
    budget.account.refresh_from_db()
    assert budget.spent_fen == covered * amount
    assert budget.account.balance_fen == budget.remaining_fen == budget_fen - covered * amount >= 0
    assert Disbursement.objects.filter(status=DisbursementStatus.APPROVED).count() == covered
    assert Journal.objects.filter(kind=JournalKind.DISBURSEMENT).count() == covered
    events = AuditEvent.objects.filter(action="disbursement.approve").order_by("id")[before:]
    assert Counter(e.success for e in events) == {True: covered, False: THREADS - covered}
    assert_books_balance()


def test_two_approvers_racing_on_one_request_post_it_once(city: City) -> None:
    budget = factories.budget_chain(city.d1, 10_000_00)
    d = services.disbursement_request(
        actor=city.users["chair_u1"],
        file=factories.hardship_file(city.u1),
        programme=factories.programme(fund=budget.fund),
        budget=budget,
        amount_fen=1_000_00,
    )

    def approve(name: str) -> Callable[[], str]:
        return lambda: (
            services.disbursement_approve(
                actor=User.objects.get(username=name), disbursement=Disbursement.objects.get(pk=d.pk)
            ).status
        )

    results = run_together([approve(n) for n in ("cadre_t1", "cadre_d1", "city_admin")] * 2)
    assert Counter(results) == {DisbursementStatus.APPROVED: 1, "conflict": 5}
    assert Budget.objects.get(pk=budget.pk).spent_fen == 1_000_00
    assert Journal.objects.filter(kind=JournalKind.DISBURSEMENT).count() == 1
    assert_books_balance()
