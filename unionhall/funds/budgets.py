"""A budget's figures move with its account: the one place that locks budget rows and spends from them.

`amount − allocated − spent = the account's balance` holds only if every journal that takes money out of
a budget for a payment or a card also raises `spent` in the same transaction, under the budget's row
lock. The money services (payments through `funds.spending`, card top-ups in `cards.services`) do it here, as
the budget services do when they fund a budget or allocate down to one.
"""

from __future__ import annotations

from typing import Any

from unionhall.core.actors import Actor
from unionhall.funds import ledger
from unionhall.funds.models import Account, Budget, Journal, JournalKind


def lock(*budgets: Budget) -> dict[int, Budget]:
    """The budgets' rows, locked in id order (the one order every service uses), with their org, account
    and fund read alongside; only the budget rows themselves are locked."""
    ids = sorted({b.pk for b in budgets})
    rows = (
        Budget.objects.select_for_update(of=("self",))
        .select_related("org", "account", "fund")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return {b.pk: b for b in rows}


def spend(budget: Budget, to: Account, amount_fen: int, *, kind: str, memo: str, org: Any, actor: Actor) -> Journal:
    """Move `amount_fen` out of a budget locked by `lock` into `to`, and count it as spent.
    `ledger.InsufficientFunds` when the budget holds less; then nothing has changed."""
    journal = ledger.post(kind, [(budget.account, -amount_fen), (to, amount_fen)], memo=memo, org=org, actor=actor)
    budget.spent_fen += amount_fen
    budget.save(update_fields=["spent_fen"])
    return journal


def fund(
    budget: Budget, source: Account, amount_fen: int, *, memo: str, actor: Actor, kind: str = JournalKind.FUNDING
) -> None:
    """Put `amount_fen` into a budget locked by `lock`, from its fund's source (FUNDING) or, as ALLOCATION, from
    the account of the budget above (whose `allocated` the caller raises)."""
    ledger.post(kind, [(source, -amount_fen), (budget.account, amount_fen)], memo=memo, org=budget.org, actor=actor)
    budget.amount_fen += amount_fen
    budget.save(update_fields=["amount_fen"])
