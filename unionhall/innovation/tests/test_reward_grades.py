"""Rewards by grade as well as by verified benefit, and a fresh reward after a cancelled one.

The grade (一等奖 … 优秀奖) is fixed when the submission is adopted, from its panel's result and the city's
thresholds (InnovationSettings); a grade line of the city's rules gives an amount per grade (optionally per
kind). When the benefit's tier and the grade's line both apply the reward is the larger amount. A cancelled
reward no longer blocks the submission: one live reward at most (a conditional constraint), paid once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.funds.models import Budget, Journal, JournalKind
from unionhall.innovation import reward_services as rewards
from unionhall.innovation import services
from unionhall.innovation.models import (
    Grade,
    InnovationSettings,
    Kind,
    Reward,
    RewardBasis,
    RewardRule,
    RewardStatus,
    Status,
    Submission,
)
from unionhall.innovation.tests.support import innovation_budget, panel, submission, verified
from unionhall.panels import services as panels
from unionhall.panels.models import PanelSubject
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _scored_and_adopted(c: City, marks: tuple[int, int]) -> Submission:
    """A U1 submission before 东区's panel, scored once (criteria 50/50 out of 10 each), then adopted."""
    s = submission(c)
    p = panel(c)
    services.submission_review(actor=c.users["cadre_d1"], submission=s, panel=p)
    judge = User.objects.create_user(username=f"judge{s.pk}", password="x-Pass-123")
    panels.panel_member_add(actor=SYSTEM, panel=p, user=judge)
    first, second = p.criteria.all()
    subject = PanelSubject.objects.get(panel=p, ref=s.pk)
    panels.panel_score(actor=judge, subject=subject, values={first.pk: marks[0], second.pk: marks[1]})
    return services.submission_adopt(actor=c.users["cadre_d1"], submission=s)


def _graded(c: City, grade: str, benefit_fen: int = 120_000_00, kind: str = Kind.RATIONALIZATION) -> Submission:
    s = verified(c, benefit_fen)
    Submission.objects.filter(pk=s.pk).update(grade=grade, kind=kind)
    s.refresh_from_db()
    return s


def _line(c: City, grade: str, amount_fen: int, kind: str = "") -> RewardRule:
    return rewards.reward_rule_save(
        actor=c.users["city_admin"], basis=RewardBasis.GRADE, grade=grade, kind=kind, amount_fen=amount_fen
    )


def test_adoption_fixes_the_grade_from_the_panel_result_by_the_city_thresholds(city: City) -> None:
    # Defaults: 一等奖 90, 二等奖 80, 三等奖 70, 优秀奖 60 (out of 100).
    assert _scored_and_adopted(city, (9, 9)).grade == Grade.FIRST  # 90.00: at the threshold
    assert _scored_and_adopted(city, (8, 9)).grade == Grade.SECOND  # 85.00
    assert _scored_and_adopted(city, (5, 6)).grade == ""  # 55.00: below every grade
    InnovationSettings.objects.filter(pk=InnovationSettings.current().pk).update(grade_second_min=86)
    adopted = _scored_and_adopted(city, (8, 9))
    assert adopted.grade == Grade.THIRD
    assert adopted.events.get(step="adopt").to_status == Status.ADOPTED


def test_a_grade_line_sets_the_reward_when_the_benefit_has_no_tier(city: City) -> None:
    RewardRule.objects.filter(basis=RewardBasis.BENEFIT).update(active=False)
    _line(city, Grade.SECOND, 5_000_00)
    r = rewards.reward_propose(
        actor=city.users["cadre_t1"], submission=_graded(city, Grade.SECOND), budget=innovation_budget(city)
    )
    assert (r.amount_fen, r.grade, r.rule.basis) == (5_000_00, Grade.SECOND, RewardBasis.GRADE)
    # Without a grade (or a grade without a line) and without a tier there is nothing to pay.
    with pytest.raises(ValidationError) as e:
        rewards.reward_propose(
            actor=city.users["cadre_t1"], submission=_graded(city, Grade.THIRD), budget=innovation_budget(city)
        )
    assert "奖励等级也没有对应的奖励标准" in e.value.field_errors["benefit"][0]


def test_when_tier_and_grade_both_apply_the_larger_amount_is_the_reward(city: City) -> None:
    budget = innovation_budget(city, 1_000_000_00)
    # 120,000 元 a year falls in the seeded tier 10 万—50 万元 → 3,000 元.
    _line(city, Grade.FIRST, 10_000_00)
    _line(city, Grade.MERIT, 500_00)
    first = rewards.reward_propose(actor=city.users["cadre_t1"], submission=_graded(city, Grade.FIRST), budget=budget)
    assert (first.amount_fen, first.rule.basis) == (10_000_00, RewardBasis.GRADE)
    merit = rewards.reward_propose(actor=city.users["cadre_t1"], submission=_graded(city, Grade.MERIT), budget=budget)
    assert (merit.amount_fen, merit.rule.basis) == (3_000_00, RewardBasis.BENEFIT)
    # A line of the submission's own kind goes before the line for all kinds, even when smaller.
    _line(city, Grade.FIRST, 4_000_00, kind=Kind.SMALL_DESIGN)
    design = rewards.reward_propose(
        actor=city.users["cadre_t1"], submission=_graded(city, Grade.FIRST, kind=Kind.SMALL_DESIGN), budget=budget
    )
    assert (design.amount_fen, design.rule.kind) == (4_000_00, Kind.SMALL_DESIGN)
    # On a tie the benefit tier is named.
    _line(city, Grade.THIRD, 3_000_00)
    tie = rewards.reward_propose(actor=city.users["cadre_t1"], submission=_graded(city, Grade.THIRD), budget=budget)
    assert (tie.amount_fen, tie.rule.basis) == (3_000_00, RewardBasis.BENEFIT)


def test_grade_lines_are_checked_and_one_is_active_per_kind_and_grade(city: City) -> None:
    admin = city.users["city_admin"]
    with pytest.raises(ValidationError) as e:
        rewards.reward_rule_save(actor=admin, basis=RewardBasis.GRADE, grade="", from_fen=100, amount_fen=0)
    assert set(e.value.field_errors) == {"grade", "from_amount", "amount"}
    with pytest.raises(ValidationError) as e:
        rewards.reward_rule_save(actor=admin, basis="x", from_fen=0, amount_fen=1)
    assert "奖励依据" in e.value.field_errors["basis"][0]
    with pytest.raises(ValidationError) as e:
        rewards.reward_rule_save(actor=admin, grade=Grade.FIRST, from_fen=0, amount_fen=1)
    assert "不选奖励等级" in e.value.field_errors["grade"][0]
    line = _line(city, Grade.FIRST, 1_000_00)
    with pytest.raises(ValidationError) as e:
        _line(city, Grade.FIRST, 2_000_00)
    assert "已有启用的奖励标准" in e.value.field_errors["grade"][0]
    changed = rewards.reward_rule_save(
        actor=admin, rule=line, basis=RewardBasis.GRADE, grade=Grade.FIRST, amount_fen=2_000_00
    )
    assert changed.amount_fen == 2_000_00 and str(changed) == "各类 一等奖：2000 元"
    # The database holds the rule too: a second active line of one grade, and a grade line with bounds.
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardRule.objects.create(basis=RewardBasis.GRADE, grade=Grade.FIRST, amount_fen=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardRule.objects.create(basis=RewardBasis.GRADE, grade=Grade.SECOND, from_fen=0, amount_fen=1)
    with pytest.raises(NotFound):  # the root is out of a street's sight
        rewards.reward_rule_save(
            actor=city.users["cadre_t1"], basis=RewardBasis.GRADE, grade=Grade.SECOND, amount_fen=1
        )


def test_a_cancelled_reward_lets_a_fresh_one_be_proposed_and_paid_once(city: City) -> None:
    s, budget = verified(city), innovation_budget(city)
    first = rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=budget)
    first = rewards.reward_approve(actor=city.users["cadre_d1"], reward=first)
    rewards.reward_cancel(actor=city.users["cadre_d1"], reward=first, reason="领奖人有误")
    fresh = rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=budget)
    assert fresh.pk != first.pk and fresh.status == RewardStatus.PROPOSED and fresh.no != first.no
    # Still one live reward at most: a second proposal beside the fresh one is refused, by service and database.
    with pytest.raises(Conflict, match="已有奖励"):
        rewards.reward_propose(actor=city.users["cadre_d1"], submission=s, budget=budget)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.create(
            no="X1", submission=s, org=s.org, budget=budget, benefit_fen=1, amount_fen=1, payee=fresh.payee
        )
    fresh = rewards.reward_approve(actor=city.users["cadre_d1"], reward=fresh)
    paid = rewards.reward_pay(actor=city.users["cadre_d1"], reward=fresh, paid_on=TODAY(), bank_ref="B7")
    assert paid.status == RewardStatus.PAID
    # Paid once: paying again, proposing again, or cancelling the paid one moves nothing.
    with pytest.raises(Conflict):
        rewards.reward_pay(actor=city.users["cadre_d1"], reward=paid, paid_on=TODAY(), bank_ref="B8")
    with pytest.raises(Conflict):
        rewards.reward_propose(actor=city.users["cadre_t1"], submission=s, budget=budget)
    with pytest.raises(Conflict):
        rewards.reward_cancel(actor=city.users["cadre_d1"], reward=paid, reason="再撤")
    assert Reward.objects.filter(submission=s).count() == 2
    assert Reward.objects.filter(submission=s, status=RewardStatus.PAID).count() == 1
    assert Journal.objects.filter(kind=JournalKind.PAYMENT).count() == 1
    assert Budget.objects.get(pk=budget.pk).spent_fen == 3_000_00
    assert_books_balance()


def test_the_settings_are_the_city_admins_and_every_error_stands_at_its_field(city: City) -> None:
    innovation_budget(city)
    good = {"grade_first_min": "92", "grade_second_min": "82.5", "grade_third_min": "72", "grade_merit_min": "61"}
    with pytest.raises(NotFound):  # a district's cadre does not see the root
        rewards.innovation_settings_save(
            actor=city.users["cadre_d1"],
            dual_approval_fen=1_00,
            fund_code="innovation",
            grade_mins={k: Decimal(v) for k, v in good.items()},
        )
    with pytest.raises(ValidationError) as e:
        rewards.innovation_settings_save(
            actor=city.users["city_admin"],
            dual_approval_fen=0,
            fund_code="nosuch",
            grade_mins={"grade_first_min": Decimal(101), "grade_second_min": Decimal(80),
                        "grade_third_min": Decimal(85), "grade_merit_min": None},
        )  # fmt: skip
    assert set(e.value.field_errors) == {
        "dual_approval",
        "fund_code",
        "grade_first_min",
        "grade_third_min",
        "grade_merit_min",
    }
    assert "应低于上一等级" in e.value.field_errors["grade_third_min"][0]
    saved = rewards.innovation_settings_save(
        actor=city.users["city_admin"],
        dual_approval_fen=5_000_00,
        fund_code="innovation",
        grade_mins={k: Decimal(v) for k, v in good.items()},
    )
    row = InnovationSettings.current()
    assert (row.pk, row.dual_approval_fen, row.grade_second_min) == (saved.pk, 5_000_00, Decimal("82.5"))
    assert InnovationSettings.objects.count() == 1
    assert row.grade_for(Decimal("82.49")) == Grade.THIRD and row.grade_for(None) == ""
