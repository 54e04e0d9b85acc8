"""The ledger's own rules: journals balance, balances follow the entries, nothing goes below zero, and
entries are never edited — by the application or by raw SQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from unionhall.funds import ledger
from unionhall.funds.models import Account, AccountKind, JournalKind, LedgerEntry

pytestmark = pytest.mark.django_db


def accounts() -> tuple[Account, Account, Account]:
    source = ledger.open_account(AccountKind.SOURCE, "测试资金来源")
    budget = ledger.open_account(AccountKind.BUDGET, "测试预算")
    card = ledger.open_account(AccountKind.CARD, "测试卡")
    return source, budget, card


def test_a_posting_moves_balances_and_they_equal_the_sum_of_entries() -> None:
    source, budget, card = accounts()
    ledger.post(JournalKind.FUNDING, [(source, -100_00), (budget, 100_00)])
    ledger.post(JournalKind.TOP_UP, [(budget, -30_00), (card, 30_00)])
    for account, expected in ((source, -100_00), (budget, 70_00), (card, 30_00)):
        account.refresh_from_db()
        assert account.balance_fen == expected == ledger.ledger_balance(account)


def test_a_journal_that_does_not_balance_is_refused() -> None:
    source, budget, _ = accounts()
    with pytest.raises(ValueError, match="sum to zero"):
        ledger.post(JournalKind.FUNDING, [(source, -100_00), (budget, 99_00)])
    assert not LedgerEntry.objects.exists()


def test_an_overdraft_is_refused_in_chinese_and_nothing_is_written() -> None:
    source, budget, card = accounts()
    ledger.post(JournalKind.FUNDING, [(source, -50_00), (budget, 50_00)])
    with pytest.raises(ledger.InsufficientFunds, match="余额不足"):
        ledger.post(JournalKind.TOP_UP, [(budget, -50_01), (card, 50_01)])
    budget.refresh_from_db()
    assert budget.balance_fen == 50_00
    assert LedgerEntry.objects.count() == 2


def test_the_database_refuses_a_negative_balance_even_if_the_code_is_bypassed() -> None:
    _, budget, _ = accounts()
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=budget.pk).update(balance_fen=-1)


def test_a_source_account_may_run_negative() -> None:
    source, budget, _ = accounts()
    ledger.post(JournalKind.FUNDING, [(source, -1_000_00), (budget, 1_000_00)])
    source.refresh_from_db()
    assert source.balance_fen == -1_000_00


def test_a_reversal_negates_every_line_and_happens_once() -> None:
    source, budget, card = accounts()
    ledger.post(JournalKind.FUNDING, [(source, -100_00), (budget, 100_00)])
    top_up = ledger.post(JournalKind.TOP_UP, [(budget, -40_00), (card, 40_00)])
    ledger.reverse(top_up)
    budget.refresh_from_db()
    card.refresh_from_db()
    assert (budget.balance_fen, card.balance_fen) == (100_00, 0)
    with pytest.raises(ledger.Conflict):
        ledger.reverse(top_up)


def test_entries_cannot_be_edited_or_deleted_by_the_application() -> None:
    source, budget, _ = accounts()
    journal = ledger.post(JournalKind.FUNDING, [(source, -100_00), (budget, 100_00)])
    entry = journal.entries.first()
    assert entry is not None
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_fen=1)
    with pytest.raises(RuntimeError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_an_update_of_an_entry_even_from_raw_sql() -> None:
    source, budget, _ = accounts()
    journal = ledger.post(JournalKind.FUNDING, [(source, -100_00), (budget, 100_00)])
    entry: Any = journal.entries.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funds_ledgerentry SET amount_fen = 1 WHERE id = %s", [entry.pk])


@pytest.mark.postgres
def test_the_database_refuses_a_delete_of_an_entry_on_postgresql() -> None:
    source, budget, _ = accounts()
    journal = ledger.post(JournalKind.FUNDING, [(source, -100_00), (budget, 100_00)])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM funds_ledgerentry WHERE journal_id = %s", [journal.pk])
