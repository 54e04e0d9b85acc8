"""Writes of innovation rewards (奖励, issue 17 §4): the city's reward rules as data, a reward proposed for a
submission whose benefit is verified, and its steps (workflow.py): approve, pay, cancel. Each is one
business action inside `audited`; the money moves only through funds/spending.py in the steps' effects.

Row locks in one order, as for hardship payments: Reward row → Submission row (on payment) → Budget row →
Account rows (ascending id, inside ledger.post).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.rows import create_unique
from unionhall.funds.models import Budget
from unionhall.innovation import workflow
from unionhall.innovation.models import (
    InnovationSettings,
    Kind,
    Reward,
    RewardRule,
    Status,
    Submission,
)
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import require_at_city_root
from unionhall.workflow import kernel

MAX_AMOUNT_FEN = 100_000_000_00  # 1 亿元: anything above is a typing mistake


def tier_for(submission: Submission) -> RewardRule | None:
    """The active tier the submission's verified benefit falls in: one of its own kind before one for all."""
    fen = submission.verified_benefit_fen
    if fen is None:
        return None
    tiers = RewardRule.objects.filter(Q(kind=submission.kind) | Q(kind=""), active=True, from_fen__lte=fen).filter(
        Q(to_fen__isnull=True) | Q(to_fen__gt=fen)
    )
    found = list(tiers)
    own = [t for t in found if t.kind]
    return (own or found)[0] if found else None


def rule_problems(
    *,
    kind: str,
    from_fen: int | None,
    to_fen: int | None,
    amount_fen: int | None,
    exclude: int | None = None,
    active: bool = True,
) -> dict[str, list[str]]:
    """The errors of a tier; an active one may not overlap another active tier of the same kind."""
    errors: dict[str, list[str]] = {}
    if kind and kind not in Kind.values:
        errors["kind"] = ["请选择适用类别（或留空表示各类）。"]
    if from_fen is None or from_fen < 0:
        errors["from_amount"] = ["请填写年创效下限（元，不小于 0）。"]
    if to_fen is not None and from_fen is not None and to_fen <= from_fen:
        errors["to_amount"] = ["年创效上限须大于下限（留空表示不设上限）。"]
    if amount_fen is None or not 0 < amount_fen <= MAX_AMOUNT_FEN:
        errors["amount"] = ["奖励金额应大于 0、不超过 1 亿元。"]
    if errors or from_fen is None or not active:
        return errors
    upper = to_fen if to_fen is not None else None
    overlap = RewardRule.objects.filter(kind=kind, active=True).filter(Q(to_fen__isnull=True) | Q(to_fen__gt=from_fen))
    if upper is not None:
        overlap = overlap.filter(from_fen__lt=upper)
    if exclude is not None:
        overlap = overlap.exclude(pk=exclude)
    if overlap.exists():
        errors["from_amount"] = [f"与已有的奖励档次「{overlap.first()}」重叠。"]
    return errors


def reward_rule_save(
    *,
    actor: Actor,
    kind: str = "",
    from_fen: int | None,
    to_fen: int | None,
    amount_fen: int | None,
    active: bool = True,
    rule: RewardRule | None = None,
) -> RewardRule:
    """Add a tier of the city's 奖励办法, or change one (`rule`); only the city federation. Tiers of one kind
    never overlap; a rule is switched off (active=False), never deleted, since rewards name it."""
    with audited(actor=actor, action="reward_rule.save") as event:
        require_at_city_root(actor, Cap.INNOVATION_REVIEW, event)
        errors = rule_problems(
            kind=kind,
            from_fen=from_fen,
            to_fen=to_fen,
            amount_fen=amount_fen,
            exclude=rule.pk if rule else None,
            active=active,
        )
        if errors:
            raise ValidationError(field_errors=errors)
        assert from_fen is not None and amount_fen is not None
        row = RewardRule.objects.select_for_update().get(pk=rule.pk) if rule else RewardRule()
        before = {f: getattr(row, f) for f in ("kind", "from_fen", "to_fen", "amount_fen", "active")}
        row.kind, row.from_fen, row.to_fen, row.active = kind, from_fen, to_fen, active
        row.amount_fen = amount_fen
        row.updated_by = user_of(actor)
        row.save()
        event.target(row)
        event.changes = {f: [before[f], getattr(row, f)] for f in before if before[f] != getattr(row, f)}
    return row


def reward_propose(*, actor: Actor, submission: Submission, budget: Budget | None) -> Reward:
    """Propose the reward of a submission whose benefit is verified: the amount is its tier's (the city's
    rules), the payee its lead, the money from `budget` — a budget of the innovation fund on the union's
    chain. One reward per submission (the database refuses a second). Two approvals at or above the city's
    dual-approval figure."""
    with audited(actor=actor, action="reward.propose", org=submission.org, obj=submission) as event:
        access.require(actor, Cap.INNOVATION_REVIEW, submission.org, obj=submission)
        s = Submission.objects.select_related("org").get(pk=submission.pk)
        if s.status != Status.BENEFIT_VERIFIED:
            raise Conflict(f"该成果当前为「{s.get_status_display()}」，创效核定后才能提出奖励。")
        cfg = InnovationSettings.current()
        errors: dict[str, list[str]] = {}
        rule = tier_for(s)
        if rule is None:
            errors["benefit"] = ["核定年创效不在任何奖励档次内：请先在奖励标准中补充档次。"]
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
            amount_fen=amount,
            payee=lead.person,
            needs_two_approvals=amount >= cfg.dual_approval_fen,
            proposed_by=user_of(actor),
        )
        if Reward.objects.filter(submission=s).exists():
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
