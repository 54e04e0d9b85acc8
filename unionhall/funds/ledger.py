"""Posting to the ledger: the one place that moves money between accounts.

`post()` appends a journal whose lines sum to zero and moves the balances in the same transaction. It
locks the accounts it touches (SELECT … FOR UPDATE, in id order so two postings crossing the same
accounts cannot deadlock), checks that no account that must stay ≥ 0 would go below zero, and answers
`InsufficientFunds` when one would. The database's check constraint on `Account.balance_fen` is the
backstop should anything bypass this module. Services call `post()` inside their `audited()` block.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Sum

from unionhall.core.actors import Actor, user_of
from unionhall.core.errors import Conflict
from unionhall.core.money import yuan_display
from unionhall.funds.models import Account, AccountKind, Journal, JournalKind, LedgerEntry


class InsufficientFunds(Conflict):
    code = "insufficient_funds"
    message = "余额不足。"


def open_account(kind: str, name: str) -> Account:
    return Account.objects.create(kind=kind, name=name[:120], allow_negative=kind == AccountKind.SOURCE)


def post(
    kind: str,
    lines: Sequence[tuple[Account, int]],
    *,
    memo: str = "",
    org: Any = None,
    actor: Actor | None = None,
    reverses: Journal | None = None,
) -> Journal:
    """Append one journal: `lines` are (account, signed fen); they must sum to zero."""
    totals: dict[int, int] = defaultdict(int)
    by_id: dict[int, Account] = {}
    for account, amount in lines:
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise TypeError("amounts are integer fen")
        totals[account.pk] += amount
        by_id[account.pk] = account
    if sum(totals.values()) != 0:
        raise ValueError("a journal's lines must sum to zero")
    moves = {pk: amount for pk, amount in totals.items() if amount != 0}
    if not moves:
        raise ValueError("a journal must move money")
    with transaction.atomic():
        locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=sorted(moves)).order_by("pk")}
        for pk, amount in moves.items():
            account = locked[pk]
            if not account.allow_negative and account.balance_fen + amount < 0:
                raise InsufficientFunds(
                    f"「{account.name}」余额不足：余额 {yuan_display(account.balance_fen)} 元，"
                    f"本次需 {yuan_display(-amount)} 元。"
                )
        journal = Journal.objects.create(
            kind=kind,
            memo=memo[:200],
            org=org,
            actor=user_of(actor),
            reverses=reverses,
        )
        LedgerEntry.objects.bulk_create(
            LedgerEntry(journal=journal, account_id=pk, amount_fen=amount) for pk, amount in sorted(moves.items())
        )
        for pk, amount in moves.items():
            Account.objects.filter(pk=pk).update(balance_fen=F("balance_fen") + amount)
            locked[pk].balance_fen += amount
            # Keep the caller's instance current too: services read it right after posting.
            by_id[pk].balance_fen = locked[pk].balance_fen
    return journal


def reverse(journal: Journal, *, memo: str = "", actor: Actor | None = None) -> Journal:
    """A reversing journal: every line of `journal` negated. A journal is reversed at most once."""
    if Journal.objects.filter(reverses=journal).exists():
        raise Conflict("该笔账目已冲正。")
    lines = [(e.account, -e.amount_fen) for e in journal.entries.select_related("account")]
    return post(
        JournalKind.REVERSAL, lines, memo=memo or f"冲正 #{journal.pk}", org=journal.org, actor=actor, reverses=journal
    )


def ledger_balance(account: Account) -> int:
    """The balance as the sum of the account's entries (what `balance_fen` must always equal)."""
    return account.entries.aggregate(total=Sum("amount_fen"))["total"] or 0
