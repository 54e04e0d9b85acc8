"""seed_demo's worker innovation: proposals of the chair's union, a reworded one flagged with its original on
top, a worker's own from /me/, a 姑苏区 panel whose reviewers are outside the union and scored two of them,
one adopted through to a verified benefit with its evidence and a patent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from unionhall.demo.seed import seed_demo
from unionhall.innovation.models import Channel, Status, Submission
from unionhall.panels.models import PanelSubject
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def test_the_demo_union_has_submissions_reviewed_by_a_panel_and_one_benefit_verified() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
    assert result["innovation_submissions"] == 5
    copy = Submission.objects.get(title="提升数控车床刀具使用寿命")
    original = Submission.objects.get(title="数控车床刀具寿命提升")
    assert copy.flagged and copy.similar.first().other_id == original.pk
    assert original.status == Status.BENEFIT_VERIFIED and original.evidence.count() == 1
    assert original.patents.count() == 1
    assert Submission.objects.filter(channel=Channel.PORTAL).count() == 1
    assert PanelSubject.objects.get(panel__kind="innovation_submission", ref=original.pk).score_count == 3


def test_the_demo_reward_is_proposed_from_the_innovation_budget_and_can_be_approved_and_paid() -> None:
    from django.utils import timezone

    from unionhall.accounts.models import User
    from unionhall.funds.models import Budget
    from unionhall.innovation import reward_services
    from unionhall.innovation.models import Grade, Reward, RewardBasis, RewardStatus
    from unionhall.tests.books import assert_books_balance

    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
        assert (result["innovation_rewards"], result["innovation_budgets"]) == (1, 2)
        reward = Reward.objects.select_related("submission", "budget__org", "rule").get()
        # Scored 86.67 by its panel: 二等奖, whose 5,000 元 beat the 3,000 元 tier of its 12.5 万元 benefit.
        assert reward.submission.grade == Grade.SECOND
        assert (reward.amount_fen, reward.rule.basis, reward.status) == (5_000_00, RewardBasis.GRADE, "proposed")
        assert reward.budget.org.code == "SZ-GS" and reward.budget.fund.code == "innovation"
        admin = User.objects.get(username="admin_city")
        approved = reward_services.reward_approve(actor=admin, reward=reward)
        paid = reward_services.reward_pay(actor=admin, reward=approved, paid_on=timezone.localdate(), bank_ref="DEMO1")
    assert paid.status == RewardStatus.PAID
    assert Budget.objects.get(pk=reward.budget_id).spent_fen == 5_000_00
    assert_books_balance()
