"""Acceptance: reward approvals and payments under concurrency, on PostgreSQL (row locks are what is tested;
SQLite skips). Many threads approve rewards against one innovation budget that covers only some of them:
exactly as many as it covers are approved, the rest refused with insufficient_funds, and the books balance.
Approvers and payers racing on one reward commit and pay it once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.funds.models import Budget, Journal, JournalKind
from unionhall.innovation import reward_services as rewards
from unionhall.innovation.models import Reward, RewardStatus, Status, Submission
from unionhall.innovation.tests.support import innovation_budget, verified
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 10


def test_the_budget_is_never_overdrawn_under_concurrent_approvals(city: City) -> None:
    amount, budget_fen = 3_000_00, 20_000_00  # the 10 万—50 万 tier; the budget covers 6 of 10
    budget = innovation_budget(city, budget_fen)
    made = [
        rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=budget)
        for _ in range(THREADS)
    ]
    assert {r.amount_fen for r in made} == {amount}

    def approve(pk: int) -> Callable[[], str]:
        return lambda: (
            rewards.reward_approve(actor=User.objects.get(username="cadre_d1"), reward=Reward.objects.get(pk=pk)).status
        )

    results = run_together([approve(r.pk) for r in made])
    covered = budget_fen // amount
    assert Counter(results) == {RewardStatus.APPROVED: covered, "insufficient_funds": THREADS - covered}
    budget.refresh_from_db()
    budget.account.refresh_from_db()
    assert budget.spent_fen == covered * amount
    assert budget.account.balance_fen == budget.remaining_fen == budget_fen - covered * amount >= 0
    assert Journal.objects.filter(kind=JournalKind.DISBURSEMENT).count() == covered
    assert_books_balance()


def test_racing_approvals_and_payments_of_one_reward_pay_it_once(city: City) -> None:
    budget = innovation_budget(city, 20_000_00)
    r = rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=budget)

    def approve(name: str) -> Callable[[], str]:
        return lambda: (
            rewards.reward_approve(actor=User.objects.get(username=name), reward=Reward.objects.get(pk=r.pk)).status
        )

    results = run_together([approve(n) for n in ("cadre_d1", "city_admin")] * 3)
    assert Counter(results) == {RewardStatus.APPROVED: 1, "conflict": 5}

    def pay() -> str:
        return rewards.reward_pay(
            actor=User.objects.get(username="cadre_d1"),
            reward=Reward.objects.get(pk=r.pk),
            paid_on=timezone.localdate(),
            bank_ref="B1",
        ).status

    results = run_together([pay] * 4)
    assert Counter(results) == {RewardStatus.PAID: 1, "conflict": 3}
    assert Submission.objects.get(pk=r.submission_id).status == Status.REWARDED
    assert Budget.objects.get(pk=budget.pk).spent_fen == 3_000_00
    assert Journal.objects.filter(kind=JournalKind.DISBURSEMENT).count() == 1
    assert Journal.objects.filter(kind=JournalKind.PAYMENT).count() == 1
    assert_books_balance()


def test_racing_proposals_after_a_cancelled_reward_make_one_fresh_reward(city: City) -> None:
    budget = innovation_budget(city, 20_000_00)
    s = verified(city)
    first = rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=budget)
    rewards.reward_cancel(actor=city.users["cadre_d1"], reward=first, reason="领奖人有误")

    def propose(name: str) -> Callable[[], str]:
        return lambda: (
            rewards.reward_propose(
                actor=User.objects.get(username=name), submission=Submission.objects.get(pk=s.pk), budget=budget
            ).status
        )

    results = run_together([propose(n) for n in ("cadre_t1", "cadre_d1", "city_admin")] * 2)
    assert Counter(results) == {RewardStatus.PROPOSED: 1, "conflict": 5}
    assert Reward.objects.filter(submission=s).exclude(status=RewardStatus.CANCELLED).count() == 1
    assert Reward.objects.filter(submission=s, status=RewardStatus.CANCELLED).count() == 1
