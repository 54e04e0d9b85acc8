"""Writes of innovation rewards (奖励, issue 17 §4): the city's reward rules as data, a reward proposed for a
submission whose benefit is verified, and its steps (workflow.py): approve, pay, cancel. Each is one
business action inside `audited`; the money moves only through funds/spending.py in the steps' effects.

Row locks in one order, as for hardship payments: Reward row → Submission row (on payment) → Budget row →
Account rows (ascending id, inside ledger.post).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited, changed_fields
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.rows import create_unique
from unionhall.funds.models import Budget, Fund
from unionhall.innovation import workflow
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
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import require_at_city_root
from unionhall.workflow import kernel

MAX_AMOUNT_FEN = 100_000_000_00  # 1 亿元: anything above is a typing mistake


def tier_for(submission: Submission) -> RewardRule | None:
    """The active benefit tier the submission's verified benefit falls in: one of its own kind before one for
    all."""
    fen = submission.verified_benefit_fen
    if fen is None:
        return None
    tiers = RewardRule.objects.filter(
        Q(kind=submission.kind) | Q(kind=""), basis=RewardBasis.BENEFIT, active=True, from_fen__lte=fen
    ).filter(Q(to_fen__isnull=True) | Q(to_fen__gt=fen))
    found = list(tiers)
    own = [t for t in found if t.kind]
    return (own or found)[0] if found else None


def grade_line_for(submission: Submission) -> RewardRule | None:
    """The active line of the submission's grade: one of its own kind before one for all (None without a
    grade)."""
    if not submission.grade:
        return None
    found = list(
        RewardRule.objects.filter(
            Q(kind=submission.kind) | Q(kind=""), basis=RewardBasis.GRADE, grade=submission.grade, active=True
        )
    )
    own = [t for t in found if t.kind]
    return (own or found)[0] if found else None


def rule_for(submission: Submission) -> RewardRule | None:
    """The rule that sets the submission's reward. When its verified benefit's tier and its grade's line both
    apply, the larger amount wins (on a tie, the benefit tier); either alone decides by itself."""
    candidates = [r for r in (tier_for(submission), grade_line_for(submission)) if r is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.amount_fen, r.basis == RewardBasis.BENEFIT))


def rule_problems(
    *,
    kind: str,
    from_fen: int | None,
    to_fen: int | None,
    amount_fen: int | None,
    exclude: int | None = None,
    active: bool = True,
    basis: str = RewardBasis.BENEFIT,
    grade: str = "",
) -> dict[str, list[str]]:
    """The errors of a rule line. An active benefit tier may not overlap another active tier of the same kind;
    a kind has one active line per grade."""
    errors: dict[str, list[str]] = {}
    if basis not in RewardBasis.values:
        errors["basis"] = ["请选择奖励依据：按核定年创效或按奖励等级。"]
    if kind and kind not in Kind.values:
        errors["kind"] = ["请选择适用类别（或留空表示各类）。"]
    if amount_fen is None or not 0 < amount_fen <= MAX_AMOUNT_FEN:
        errors["amount"] = ["奖励金额应大于 0、不超过 1 亿元。"]
    if basis == RewardBasis.GRADE:
        if grade not in Grade.values:
            errors["grade"] = ["请选择奖励等级。"]
        if from_fen is not None or to_fen is not None:
            errors["from_amount"] = ["按奖励等级的标准不填年创效上下限。"]
        if errors or not active:
            return errors
        same = RewardRule.objects.filter(basis=RewardBasis.GRADE, kind=kind, grade=grade, active=True)
        if exclude is not None:
            same = same.exclude(pk=exclude)
        if same.exists():
            errors["grade"] = [f"已有启用的奖励标准「{same.first()}」：请修改它，或先停用。"]
        return errors
    if grade:
        errors["grade"] = ["按核定年创效的标准不选奖励等级。"]
    if from_fen is None or from_fen < 0:
        errors["from_amount"] = ["请填写年创效下限（元，不小于 0）。"]
    if to_fen is not None and from_fen is not None and to_fen <= from_fen:
        errors["to_amount"] = ["年创效上限须大于下限（留空表示不设上限）。"]
    if errors or from_fen is None or not active:
        return errors
    upper = to_fen if to_fen is not None else None
    overlap = RewardRule.objects.filter(basis=RewardBasis.BENEFIT, kind=kind, active=True).filter(
        Q(to_fen__isnull=True) | Q(to_fen__gt=from_fen)
    )
    if upper is not None:
        overlap = overlap.filter(from_fen__lt=upper)
    if exclude is not None:
        overlap = overlap.exclude(pk=exclude)
    if overlap.exists():
        errors["from_amount"] = [f"与已有的奖励档次「{overlap.first()}」重叠。"]
    return errors


RULE_FIELDS = ("basis", "kind", "grade", "from_fen", "to_fen", "amount_fen", "active")


def reward_rule_save(
    *,
    actor: Actor,
    kind: str = "",
    from_fen: int | None = None,
    to_fen: int | None = None,
    amount_fen: int | None,
    active: bool = True,
    rule: RewardRule | None = None,
    basis: str = RewardBasis.BENEFIT,
    grade: str = "",
) -> RewardRule:
    """Add a line of the city's 奖励办法 (a benefit tier or a grade's amount), or change one (`rule`); only the
    city federation. Tiers of one kind never overlap, a kind has one active line per grade; a rule is switched
    off (active=False), never deleted, since rewards name it."""
    with audited(actor=actor, action="reward_rule.save") as event:
        require_at_city_root(actor, Cap.INNOVATION_REVIEW, event)
        errors = rule_problems(
            kind=kind,
            from_fen=from_fen,
            to_fen=to_fen,
            amount_fen=amount_fen,
            exclude=rule.pk if rule else None,
            active=active,
            basis=basis,
            grade=grade,
        )
        if errors:
            raise ValidationError(field_errors=errors)
        assert amount_fen is not None
        row = RewardRule.objects.select_for_update().get(pk=rule.pk) if rule else RewardRule()
        before = {f: getattr(row, f) for f in RULE_FIELDS}
        row.basis, row.kind, row.grade, row.active = basis, kind, grade, active
        row.from_fen, row.to_fen = from_fen, to_fen
        row.amount_fen = amount_fen
        row.updated_by = user_of(actor)
        row.save()
        event.target(row)
        event.changes = {f: [before[f], getattr(row, f)] for f in before if before[f] != getattr(row, f)}
    return row


MAX_DUAL_FEN = 100_000_000_00


def settings_problems(
    *,
    dual_approval_fen: int | None,
    fund_code: str,
    grade_mins: Mapping[str, Decimal | None],
) -> dict[str, list[str]]:
    """Every error of the settings at once: the dual-approval figure, a fund that exists, and grade thresholds
    between 0 and 100 that fall from 一等奖 to 优秀奖."""
    errors: dict[str, list[str]] = {}
    if dual_approval_fen is None or not 0 < dual_approval_fen <= MAX_DUAL_FEN:
        errors["dual_approval"] = ["需两人审批的金额起点应大于 0、不超过 1 亿元。"]
    code = (fund_code or "").strip()
    if not code:
        errors["fund_code"] = ["请填写奖励资金的编码。"]
    elif not Fund.objects.filter(code=code).exists():
        errors["fund_code"] = [f"没有编码为「{code}」的资金：请先在资金管理中设立。"]
    last: Decimal | None = None
    for field, label in GRADE_FIELDS:
        value = grade_mins.get(field)
        if value is None or not Decimal(0) <= value <= Decimal(100) or value != value.quantize(Decimal("0.01")):
            errors[field] = [f"{label}最低评审得分应为 0—100 的数，最多两位小数。"]
        elif last is not None and value >= last:
            errors[field] = [f"{label}最低评审得分应低于上一等级的（{last:g}）。"]
        if value is not None and field not in errors:
            last = value
    return errors


GRADE_FIELDS = (
    ("grade_first_min", "一等奖"),
    ("grade_second_min", "二等奖"),
    ("grade_third_min", "三等奖"),
    ("grade_merit_min", "优秀奖"),
)


def innovation_settings_save(
    *,
    actor: Actor,
    dual_approval_fen: int | None,
    fund_code: str,
    grade_mins: Mapping[str, Decimal | None],
) -> InnovationSettings:
    """Change the city's innovation reward settings: only the city admin (`programme.config` at the root), like
    the city's other settings. Applies to rewards proposed and submissions adopted after the change."""
    with audited(actor=actor, action="innovation_settings.save") as event:
        require_at_city_root(actor, Cap.PROGRAMME_CONFIG, event)
        errors = settings_problems(dual_approval_fen=dual_approval_fen, fund_code=fund_code, grade_mins=grade_mins)
        if errors:
            raise ValidationError(field_errors=errors)
        current = InnovationSettings.current()
        row = InnovationSettings.objects.select_for_update().get(pk=current.pk)
        values: dict[str, Any] = {
            "dual_approval_fen": dual_approval_fen,
            "fund_code": fund_code.strip(),
            **{field: grade_mins[field] for field, _ in GRADE_FIELDS},
        }
        event.changes = changed_fields(row, values)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_by = user_of(actor)
        row.save()
        event.target(row)
    return row


def reward_propose(*, actor: Actor, submission: Submission, budget: Budget | None) -> Reward:
    """Propose the reward of a submission whose benefit is verified: the amount is the city's rules' (its
    benefit's tier or its grade's line, the larger: `rule_for`), the payee its lead, the money from `budget` — a
    budget of the innovation fund on the union's chain. One live reward per submission (the database refuses a
    second); after a cancelled one a fresh reward may be proposed. Two approvals at or above the city's
    dual-approval figure."""
    with audited(actor=actor, action="reward.propose", org=submission.org, obj=submission) as event:
        access.require(actor, Cap.INNOVATION_REVIEW, submission.org, obj=submission)
        s = Submission.objects.select_related("org").get(pk=submission.pk)
        if s.status != Status.BENEFIT_VERIFIED:
            raise Conflict(f"该成果当前为「{s.get_status_display()}」，创效核定后才能提出奖励。")
        cfg = InnovationSettings.current()
        errors: dict[str, list[str]] = {}
        rule = rule_for(s)
        if rule is None:
            errors["benefit"] = ["核定年创效不在任何奖励档次内，奖励等级也没有对应的奖励标准：请先在奖励标准中补充。"]
        if budget is None:
            errors["budget"] = ["请选择奖励资金的预算。"]
        else:
            budget = Budget.objects.select_related("org", "fund").get(pk=budget.pk)
            if not s.org.path.startswith(budget.org.path):
                raise NotFound()  # a budget off the union's chain is not there for this submission
            if budget.fund.code != cfg.fund_code:
                errors["budget"] = ["请选择职工创新奖励资金的预算。"]
        lead = s.members.filter(is_lead=True).select_related("person").first()
        if lead is None:
            errors["submission"] = ["该成果没有负责人，无法确定领奖人。"]
        if errors:
            raise ValidationError(field_errors=errors)
        assert rule is not None and budget is not None and lead is not None and s.verified_benefit_fen is not None
        amount = int(rule.amount_fen)
        reward = Reward(
            submission=s,
            org=s.org,
            budget=budget,
            rule=rule,
            benefit_fen=s.verified_benefit_fen,
            grade=s.grade,
            amount_fen=amount,
            payee=lead.person,
            needs_two_approvals=amount >= cfg.dual_approval_fen,
            proposed_by=user_of(actor),
        )
        if Reward.objects.filter(submission=s).exclude(status=RewardStatus.CANCELLED).exists():
            raise Conflict("该成果已有奖励，不能重复提出。")
        made = create_unique(
            Reward,
            Conflict("该成果已有奖励，不能重复提出。"),
            **{f.name: getattr(reward, f.name) for f in Reward._meta.concrete_fields if f.name not in ("id", "no")},
            no=f"TMP{s.pk}",
        )
        made.no = f"JL{made.proposed_at:%Y}{made.pk:06d}"
        made.save(update_fields=["no"])
        event.target(made, org=s.org)
        event.changes = {
            "submission": s.no,
            "rule": rule.pk,
            "basis": rule.basis,
            "grade": s.grade,
            "amount_fen": amount,
            "budget": budget.pk,
            "needs_two_approvals": made.needs_two_approvals,
        }
    return made


def reward_approve(*, actor: Actor, reward: Reward) -> Reward:
    """Approve a reward; the final approval commits the money (InsufficientFunds: nothing changes)."""
    result: Reward = kernel.run(workflow.REWARD_TABLE, "approve", actor=actor, obj=reward)
    return result


def reward_pay(*, actor: Actor, reward: Reward, paid_on: date | None, bank_ref: str) -> Reward:
    """Record the bank transfer of an approved reward; the submission becomes rewarded."""
    result: Reward = kernel.run(
        workflow.REWARD_TABLE, "pay", actor=actor, obj=reward, paid_on=paid_on, bank_ref=bank_ref
    )
    return result


def reward_cancel(*, actor: Actor, reward: Reward, reason: str) -> Reward:
    """Cancel a reward before payment; a committed one gives its money back to the budget."""
    result: Reward = kernel.run(workflow.REWARD_TABLE, "cancel", actor=actor, obj=reward, reason=reason)
    return result
