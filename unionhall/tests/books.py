"""The books' invariants (PRODUCT.md §3.3) checked in one place, for every test that moves money."""

from __future__ import annotations

from django.db.models import Sum

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
