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

from collections.abc import Iterable
from typing import Any

from unionhall.core.actors import Actor
from unionhall.funds import budgets, ledger
from unionhall.funds.models import Account, AccountKind, Budget, Journal, JournalKind


def _own_account(budget: Budget, field: str, kind: str, label: str) -> Account:
    """One of the budget's own accounts (`payable_account`, `paid_account`), opened on first use; the caller
    holds the budget's row lock."""
    if getattr(budget, f"{field}_id") is None:
        setattr(budget, field, ledger.open_account(kind, f"{label} · {budget}"))
        budget.save(update_fields=[field])
    account: Account = getattr(budget, field)
    return account


def payable(budget: Budget) -> Account:
    """The budget's payable account: money set aside for a payment, not yet gone."""
    return _own_account(budget, "payable_account", AccountKind.PAYABLE, "待支付")


def paid(budget: Budget) -> Account:
    """The budget's paid account: money that left by bank transfer."""
    return _own_account(budget, "paid_account", AccountKind.PAID, "已支付")


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


def may_approve(user: Any, *, requested_by_id: int | None, approver_ids: Iterable[int]) -> bool:
    """Whether a spending row's approval is still this user's to give: money is approved by people other
    than who asked for it, each once (the approval step's own effect refuses the others; a page uses this
    not to offer a button that can only be refused)."""
    me = getattr(user, "pk", None)
    return me is not None and me != requested_by_id and me not in set(approver_ids)
