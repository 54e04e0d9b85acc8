"""The shared factories build what they promise (other apps' tests lean on them)."""

from __future__ import annotations

import pytest

from unionhall.funds import ledger
from unionhall.tests import factories
from unionhall.tests.city import City


@pytest.mark.django_db
def test_a_budget_chain_funds_each_level_exactly_and_balances_follow_the_ledger(city: City) -> None:
    budget = factories.budget_chain(city.t1, 10_000_00)
    assert budget.org == city.t1
    chain = [budget, budget.parent, budget.parent.parent]
    assert [b.org for b in reversed(chain)] == [city.city, city.d1, city.t1]
    for b in chain:
        b.account.refresh_from_db()
        assert b.account.balance_fen == b.remaining_fen == ledger.ledger_balance(b.account)
    assert budget.remaining_fen == 10_000_00
    assert chain[2].remaining_fen == 0  # the root passed everything down


@pytest.mark.django_db
def test_an_archive_is_made_in_the_asked_state(city: City) -> None:
    f = factories.hardship_file(city.u1)
    assert f.org == city.u1 and f.status == "approved"
    assert f.bank_account_masked.startswith("6222") and "****" in f.bank_account_masked
