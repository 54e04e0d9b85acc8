"""Spending from a budget, whatever the money is for: a hardship payment today, prize money tomorrow.

A spending module keeps its own row (a disbursement, a prize) and its own rules; here only the money
moves, in three steps of integer fen:

    commit: budget → the budget's payable account (journal DISBURSEMENT), counted as spent
    pay:    payable → paid (journal PAYMENT), when the bank transfer is recorded
    undo:   reversing journals of what was posted (the payment first), and spent goes back down

Each takes `ref`, the spending row's own number, so every journal's memo names what it was for; each locks
the budget's row itself (funds/budgets.py), after the caller has locked its own row. Nothing posted is
ever edited. `ledger.InsufficientFunds` when the budget holds less; then nothing has changed.
"""

from __future__ import annotations

from typing import Any

from unionhall.core.actors import Actor
from unionhall.funds import budgets, ledger
from unionhall.funds.models import Account, AccountKind, Budget, Journal, JournalKind


def payable(budget: Budget) -> Account:
    """The budget's payable account, opened on first use; the caller holds the budget's row lock."""
    if budget.payable_account_id is None:
        budget.payable_account = ledger.open_account(AccountKind.PAYABLE, f"待支付 · {budget}")
        budget.save(update_fields=["payable_account"])
    assert budget.payable_account is not None
    return budget.payable_account


def paid(budget: Budget) -> Account:
    if budget.paid_account_id is None:
        budget.paid_account = ledger.open_account(AccountKind.PAID, f"已支付 · {budget}")
        budget.save(update_fields=["paid_account"])
    assert budget.paid_account is not None
    return budget.paid_account


def commit(budget: Budget, amount_fen: int, *, ref: str, purpose: str, org: Any, actor: Actor) -> Journal:
    """Set `amount_fen` of the budget aside for a payment: budget → payable, and the spent figure grows."""
    locked = budgets.lock(budget)[budget.pk]
    return budgets.spend(
        locked,
        payable(locked),
        amount_fen,
        kind=JournalKind.DISBURSEMENT,
        memo=f"{ref} {purpose}",
        org=org,
        actor=actor,
    )


def pay(budget: Budget, amount_fen: int, *, ref: str, purpose: str, org: Any, actor: Actor) -> Journal:
    """The committed money left by bank transfer: payable → paid."""
    locked = budgets.lock(budget)[budget.pk]
    return ledger.post(
        JournalKind.PAYMENT,
        [(payable(locked), -amount_fen), (paid(locked), amount_fen)],
        memo=f"{ref} {purpose}",
        org=org,
        actor=actor,
    )


def undo(
    budget: Budget, amount_fen: int, *, committed: Journal, payment: Journal | None, ref: str, reason: str, actor: Actor
) -> Journal:
    """Reverse a commitment (and its payment, when there was one); the budget gets the money back.
    Answers the reversing journal of the commitment."""
    locked = budgets.lock(budget)[budget.pk]
    memo = f"撤销 {ref}：{reason}"
    if payment is not None:
        ledger.reverse(payment, memo=memo, actor=actor)
    journal = ledger.reverse(committed, memo=memo, actor=actor)
    locked.spent_fen -= amount_fen
    locked.save(update_fields=["spent_fen"])
    return journal
