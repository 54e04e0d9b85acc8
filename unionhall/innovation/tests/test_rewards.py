"""Rewards (奖励): the city's tiers as data, a reward proposed for a verified submission with its tier's
amount, approved by one or two people, paid once through the money ledger from the innovation budget, and
the submission rewarded; every error in Chinese at its field; out of sight is 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.funds.ledger import InsufficientFunds
from unionhall.funds.models import Budget, Journal, JournalKind
from unionhall.innovation import reward_services as rewards
from unionhall.innovation.models import InnovationSettings, Kind, Reward, RewardRule, RewardStatus, Status
from unionhall.innovation.tests.support import innovation_budget, verified
from unionhall.tests import factories
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate  # Shanghai's day, as the services check it (UTC's is a day behind in the evening)


def _approved(c: City, benefit_fen: int = 120_000_00, budget_fen: int = 100_000_00) -> Reward:
    made = rewards.reward_propose(
        actor=c.users["cadre_t1"], submission=verified(c, benefit_fen), budget=innovation_budget(c, budget_fen)
    )
    return rewards.reward_approve(actor=c.users["cadre_d1"], reward=made)


def test_a_verified_benefit_gets_the_amount_of_its_tier_from_the_city_rules(city: City) -> None:
    # The seeded 奖励办法: 10 万—50 万元 a year → 3,000 元; 100 万元 and above → 20,000 元.
    budget = innovation_budget(city)
    r = rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city, 120_000_00), budget=budget)
    assert (r.amount_fen, r.benefit_fen, r.status) == (3_000_00, 120_000_00, RewardStatus.PROPOSED)
    assert r.rule is not None and (r.rule.from_fen, r.rule.to_fen) == (100_000_00, 500_000_00)
    big = rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city, 2_000_000_00), budget=budget)
    assert big.amount_fen == 20_000_00
    # At the tier's lower bound the tier holds; a tier of the submission's own kind goes before the city's.
    own = rewards.reward_rule_save(
        actor=city.users["city_admin"], kind=Kind.RATIONALIZATION, from_fen=0, to_fen=None, amount_fen=4_321_00
    )
    edge = rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city, 500_000_00), budget=budget)
    assert (edge.amount_fen, edge.rule_id) == (4_321_00, own.pk)


def test_a_reward_is_paid_once_through_the_ledger_and_the_submission_becomes_rewarded(city: City) -> None:
    r = _approved(city)
    budget = Budget.objects.get(pk=r.budget_id)
    assert r.status == RewardStatus.APPROVED and budget.spent_fen == 3_000_00
    paid = rewards.reward_pay(actor=city.users["cadre_d1"], reward=r, paid_on=TODAY(), bank_ref="B20261207001")
    assert paid.status == RewardStatus.PAID
    s = paid.submission
    s.refresh_from_db()
    assert s.status == Status.REWARDED
    assert s.events.filter(step="reward", to_status=Status.REWARDED).count() == 1
    # One business action, one audit event: the submission's step is part of the payment.
    assert AuditEvent.objects.filter(action="reward.pay", success=True).count() == 1
    # Paying again, or approving again, moves nothing.
    with pytest.raises(Conflict, match="已支付"):
        rewards.reward_pay(actor=city.users["cadre_d1"], reward=r, paid_on=TODAY(), bank_ref="B2")
    with pytest.raises(Conflict):
        rewards.reward_approve(actor=city.users["city_admin"], reward=r)
    assert Journal.objects.filter(kind=JournalKind.DISBURSEMENT).count() == 1
    assert Journal.objects.filter(kind=JournalKind.PAYMENT).count() == 1
    assert Budget.objects.get(pk=budget.pk).spent_fen == 3_000_00
    assert_books_balance()


def test_a_second_reward_for_one_submission_is_refused(city: City) -> None:
    s, budget = verified(city), innovation_budget(city)
    rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=budget)
    with pytest.raises(Conflict, match="已有奖励"):
        rewards.reward_propose(actor=city.users["cadre_d1"], submission=s, budget=budget)
    assert Reward.objects.filter(submission=s).count() == 1


def test_at_the_dual_figure_two_different_people_approve_and_the_proposer_never(city: City) -> None:
    InnovationSettings.objects.update_or_create(
        pk=InnovationSettings.current().pk, defaults={"dual_approval_fen": 3_000_00}
    )
    r = rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=innovation_budget(city))
    assert r.needs_two_approvals
    with pytest.raises(PermissionDenied, match="提出人不能审批"):
        rewards.reward_approve(actor=city.users["cadre_t1"], reward=r)
    first = rewards.reward_approve(actor=city.users["cadre_d1"], reward=r)
    assert first.status == RewardStatus.PARTLY_APPROVED and first.approve_journal is None
    with pytest.raises(Conflict, match="另一人"):
        rewards.reward_approve(actor=city.users["cadre_d1"], reward=r)
    second = rewards.reward_approve(actor=city.users["city_admin"], reward=r)
    assert second.status == RewardStatus.APPROVED and second.approve_journal is not None


def test_a_reward_the_budget_cannot_hold_is_refused_and_nothing_changes(city: City) -> None:
    r = rewards.reward_propose(
        actor=city.users["cadre_t1"], submission=verified(city), budget=innovation_budget(city, 2_999_00)
    )
    with pytest.raises(InsufficientFunds):
        rewards.reward_approve(actor=city.users["cadre_d1"], reward=r)
    r.refresh_from_db()
    assert r.status == RewardStatus.PROPOSED and r.approvals.count() == 0
    assert Budget.objects.get(pk=r.budget_id).spent_fen == 0
    assert_books_balance()


def test_cancelling_an_approved_reward_gives_the_money_back_to_the_budget(city: City) -> None:
    r = _approved(city)
    with pytest.raises(ValidationError) as e:
        rewards.reward_cancel(actor=city.users["cadre_d1"], reward=r, reason=" ")
    assert "理由" in e.value.field_errors["reason"][0]
    done = rewards.reward_cancel(actor=city.users["cadre_d1"], reward=r, reason="成果效益复核不实")
    assert done.status == RewardStatus.CANCELLED and done.cancel_journal is not None
    assert Budget.objects.get(pk=r.budget_id).spent_fen == 0
    s = done.submission
    s.refresh_from_db()
    assert s.status == Status.BENEFIT_VERIFIED
    assert_books_balance()


def test_every_error_of_a_reward_is_in_chinese_at_its_field(city: City) -> None:
    RewardRule.objects.update(active=False)
    with pytest.raises(ValidationError) as e:
        rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=None)
    assert set(e.value.field_errors) == {"benefit", "budget"}
    assert "奖励档次" in e.value.field_errors["benefit"][0] and "预算" in e.value.field_errors["budget"][0]
    other_fund = factories.budget_chain(city.d1, 10_000_00)
    RewardRule.objects.update(active=True)
    with pytest.raises(ValidationError) as e:
        rewards.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=other_fund)
    assert e.value.field_errors == {"budget": ["请选择职工创新奖励资金的预算。"]}
    r = _approved(city)
    with pytest.raises(ValidationError) as e:
        rewards.reward_pay(actor=city.users["cadre_d1"], reward=r, paid_on=None, bank_ref=" ")
    assert e.value.field_errors == {
        "paid_on": ["请填写支付日期。"],
        "bank_ref": ["请填写银行流水号（最多 60 个字符）。"],
    }
    assert Reward.objects.get(pk=r.pk).status == RewardStatus.APPROVED
    with pytest.raises(ValidationError) as e:
        rewards.reward_rule_save(actor=city.users["city_admin"], kind="x", from_fen=-1, to_fen=None, amount_fen=0)
    assert set(e.value.field_errors) == {"kind", "from_amount", "amount"}
    with pytest.raises(ValidationError) as e:
        rewards.reward_rule_save(actor=city.users["city_admin"], from_fen=50_000_00, to_fen=60_000_00, amount_fen=1)
    assert "重叠" in e.value.field_errors["from_amount"][0]
    with pytest.raises(ValidationError) as e:
        rewards.reward_rule_save(actor=city.users["city_admin"], from_fen=5, to_fen=5, amount_fen=1)
    assert "上限须大于下限" in e.value.field_errors["to_amount"][0]


def test_a_reward_only_after_the_benefit_is_verified(city: City) -> None:
    s = verified(city)
    s.status = Status.IMPLEMENTED
    s.save()
    with pytest.raises(Conflict, match="创效核定后"):
        rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=innovation_budget(city))


def test_an_outsider_finds_no_submission_to_reward_and_a_union_cannot_propose(city: City) -> None:
    s, budget = verified(city), innovation_budget(city)
    with pytest.raises(NotFound):
        rewards.reward_propose(actor=city.users["outsider"], submission=s, budget=budget)
    with pytest.raises(PermissionDenied):
        rewards.reward_propose(actor=city.users["chair_u1"], submission=s, budget=budget)
    r = rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=budget)
    with pytest.raises(NotFound):
        rewards.reward_approve(actor=city.users["outsider"], reward=r)
    # A budget of another district is off the union's chain: not there for this submission.
    with pytest.raises(NotFound):
        rewards.reward_propose(
            actor=city.users["cadre_t1"], submission=verified(city), budget=innovation_budget(city, at=city.d2)
        )


def test_only_the_city_federation_edits_the_reward_rules(city: City) -> None:
    with pytest.raises(NotFound):  # the root is out of a district's sight
        rewards.reward_rule_save(
            actor=city.users["cadre_d1"], from_fen=0, to_fen=None, amount_fen=1_00, kind=Kind.SMALL_DESIGN
        )
    rule = RewardRule.objects.filter(kind="").order_by("from_fen").first()
    assert rule is not None
    changed = rewards.reward_rule_save(
        actor=city.users["city_admin"], rule=rule, from_fen=rule.from_fen, to_fen=rule.to_fen, amount_fen=300_00
    )
    assert changed.amount_fen == 300_00
    event = AuditEvent.objects.filter(action="reward_rule.save", success=True).latest("id")
    assert event.changes["amount_fen"] == [200_00, 300_00]
