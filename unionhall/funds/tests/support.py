"""Helpers of the funds tests: the ledger's invariants checked in one place, and a request ready to approve."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from conftest import City
from unionhall.assistance.disbursements import services
from unionhall.assistance.models import Disbursement
from unionhall.assistance.tests import factories
from unionhall.core.models import AuditEvent
from unionhall.funds.models import Account, AccountKind, Budget, LedgerEntry


def assert_books_balance() -> None:
    """Every invariant of PRODUCT.md §3.3 the funds app promises, over the whole database."""
    sums = dict(LedgerEntry.objects.values("account").annotate(t=Sum("amount_fen")).values_list("account", "t"))
    for pk, name, balance, allow_negative in Account.objects.values_list("pk", "name", "balance_fen", "allow_negative"):
        assert balance == sums.get(pk, 0), f"{name} drifted from its entries"
        assert allow_negative or balance >= 0, f"{name} is negative"
    unbalanced = list(
        LedgerEntry.objects.values("journal")
        .annotate(t=Sum("amount_fen"))
        .exclude(t=0)
        .values_list("journal", flat=True)
    )
    assert not unbalanced, f"journals not summing to zero: {unbalanced}"
    handed_down = dict(
        Budget.objects.filter(parent__isnull=False)
        .values("parent")
        .annotate(t=Sum("amount_fen"))
        .values_list("parent", "t")
    )
    for budget in Budget.objects.select_related("account"):
        assert budget.remaining_fen == budget.account.balance_fen >= 0, f"{budget} figures disagree"
        children = handed_down.get(budget.pk, 0)
        assert children == budget.allocated_fen, f"{budget}: children hold {children}, allocated {budget.allocated_fen}"
    put_in = -(Account.objects.filter(kind=AccountKind.SOURCE).aggregate(t=Sum("balance_fen"))["t"] or 0)
    held = Account.objects.exclude(kind=AccountKind.SOURCE).aggregate(t=Sum("balance_fen"))["t"] or 0
    assert put_in == held, "money appeared or vanished"


def last_event() -> AuditEvent:
    return AuditEvent.objects.latest("id")


def a_request(
    city: City, *, amount_fen: int = 1_000_00, budget_fen: int = 10_000_00, budget: Budget | None = None, **extra: Any
) -> Disbursement:
    """An approved archive at U1, a budget at D1 (unless given) and chair_u1's request against it."""
    budget = budget or factories.budget_chain(city.d1, budget_fen)
    archive = factories.hardship_file(city.u1)
    programme = factories.programme(fund=budget.fund)
    return services.disbursement_request(
        actor=city.users["chair_u1"], file=archive, programme=programme, budget=budget, amount_fen=amount_fen, **extra
    )
