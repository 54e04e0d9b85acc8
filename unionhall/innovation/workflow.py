"""A submission's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py): each step
is one service in services.py that runs the kernel, records one audit event "submission.<step>" and one line
of the submission's history (`SubmissionEvent`). Filing is `submission_file`, which makes the row.

    submitted ──forward (推荐上报: the worker's union recommends it upward)──▶ forwarded
    submitted ──decline (不予推荐, with a reason)──▶ not_adopted
    forwarded ──review (送评审: put before an open review panel of the city's panels)──▶ under_review
    under_review ──adopt (采纳: the grade fixed from the panel's result)──▶ adopted
    under_review ──reject (不予采纳, with a reason)──▶ not_adopted
    adopted ──implement (登记实施)──▶ implemented
    implemented ──verify_benefit (核定创效: yuan a year, with the evidence uploaded)──▶ benefit_verified
    benefit_verified ──reward (奖励)──▶ rewarded        by_hand=False: taken by the payment of its Reward
                                                        (below), never a button

A worker's own proposal (filed from /me/) starts submitted and waits for its union: the chair recommends it
(forward) or declines it, both `innovation.edit` over the union. A submission a union files for its members
starts forwarded: filing it is the union's recommendation. Review, adoption and verification are the
federations' (`innovation.review` over the submission's union: the street, district and city federations
above it); implementation is recorded by the union itself (`innovation.edit`). A grassroots chair sees the
submission, so the federations' steps answer it 403.

Rewards (奖励, issue 17 §4) have their own life, `REWARD_TABLE` below:
Each of its steps is
one service in reward_services.py that runs the kernel (which locks the reward's row: two approvers racing
on one reward post once) and records one audit event "reward.<step>". The money moves in the effects through
the generic spending of funds/spending.py, exactly as for a hardship payment (assistance/disbursements).

    proposed ──approve (one of two)──▶ partly ──approve (another person)──▶ approved ──pay──▶ paid
        └──approve (one is enough: below the city's dual-approval figure)───▶ approved
    proposed, partly, approved ──cancel (with a reason; reversing journal when committed)──▶ cancelled

A cancelled reward ends there and no longer counts against its submission: the constraint "one reward per
submission" holds only for rewards not cancelled, so a fresh reward may be proposed (reward_services).

The final approval commits the money (budget → payable, InsufficientFunds when the budget holds less:
nothing changes). Paying records the bank transfer (payable → paid) and takes the submission's own
`reward` step (innovation/workflow.py, by_hand=False) as the system, so the submission becomes rewarded
in the same transaction. A paid reward is final: the money left and the submission is rewarded.
A reward keeps no history table: its approvals, its journals and the audit trail are its history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.core.actors import SystemActor, user_of
from unionhall.core.errors import Conflict, PermissionDenied, ValidationError
from unionhall.documents import uploads
from unionhall.funds import spending
from unionhall.innovation import panel_subject
from unionhall.innovation.models import (
    BenefitEvidence,
    InnovationSettings,
    Reward,
    RewardApproval,
    RewardStatus,
    Status,
    Submission,
    SubmissionEvent,
)
from unionhall.orgs.access import Cap
from unionhall.panels import services as panels
from unionhall.panels.models import Panel, PanelStatus, PanelSubject
from unionhall.workflow import kernel
from unionhall.workflow.history import HistoryLine
from unionhall.workflow.kernel import Context, Transition

S = Status
MAX_BENEFIT_FEN = 10_000_000_000_00  # 100 亿元 a year: anything above is a typing mistake


def _on_review(s: Submission, ctx: Context) -> dict[str, Any]:
    panel: Panel | None = ctx.params.get("panel")
    if panel is None:
        raise ValidationError(field_errors={"panel": ["请选择评审组。"]})
    if panel.kind != panel_subject.KIND or panel.status != PanelStatus.OPEN:
        raise ValidationError(field_errors={"panel": ["请选择评审职工创新成果、正在评审中的评审组。"]})
    if not s.org.path.startswith(panel.org.path):
        raise ValidationError(field_errors={"panel": ["该评审组的组织单位不包含本成果所属工会。"]})
    panels.panel_subject_add(actor=ctx.actor, panel=panel, ref=s.pk)
    s.panel = panel
    return {"panel": panel.pk}


def _on_adopt(s: Submission, ctx: Context) -> dict[str, Any]:
    """The grade is fixed now, from the panel's result and the city's thresholds (InnovationSettings): a later
    change of thresholds or a late score does not move it."""
    found = PanelSubject.objects.filter(panel_id=s.panel_id, ref=s.pk).first() if s.panel_id else None
    result = found.result if found is not None else None
    s.grade = InnovationSettings.current().grade_for(result)
    return {"panel_result": str(result) if result is not None else None, "grade": s.grade}


def _benefit_check(params: Any) -> None:
    errors: dict[str, list[str]] = {}
    fen = params.get("benefit_fen")
    if fen is None:
        errors["benefit"] = ["请填写核定的年创效金额（元）。"]
    elif not 0 <= fen <= MAX_BENEFIT_FEN:
        errors["benefit"] = ["年创效金额应为 0—100 亿元。"]
    upload = params.get("upload")
    if upload is None:
        errors["upload"] = ["请上传创效证明材料（财务核算表、使用单位证明等）。"]
    else:
        try:
            uploads.check(upload)
        except ValidationError as e:
            errors["upload"] = e.field_errors.get("upload") or [e.message]
    if errors:
        raise ValidationError(field_errors=errors)


def _on_verify(s: Submission, ctx: Context) -> dict[str, Any]:
    s.verified_benefit_fen = ctx.params["benefit_fen"]
    evidence = BenefitEvidence(submission=s)
    uploads.store(evidence, ctx.params["upload"], uploaded_by=ctx.actor)
    return {"verified_benefit_fen": s.verified_benefit_fen, "evidence": evidence.pk}


def _on_reward(s: Submission, ctx: Context) -> dict[str, Any]:
    if s.verified_benefit_fen is None:
        raise Conflict("创效尚未核定，不能奖励。")
    return {}


def _history(s: Submission, t: Transition, ctx: Context, from_status: str) -> None:
    SubmissionEvent.objects.create(
        submission=s,
        step=t.name,
        from_status=from_status,
        to_status=s.status,
        reason=ctx.reason,
        **HistoryLine.by(ctx.actor),
    )


TABLE = kernel.register(
    kernel.Table(
        name="submission",
        model=Submission,
        transitions=(
            kernel.step("forward", "推荐上报", S.SUBMITTED, S.FORWARDED, Cap.INNOVATION_EDIT),
            kernel.step("decline", "不予推荐", S.SUBMITTED, S.NOT_ADOPTED, Cap.INNOVATION_EDIT, needs_reason=True),
            kernel.step("review", "送评审", S.FORWARDED, S.UNDER_REVIEW, Cap.INNOVATION_REVIEW, effect=_on_review),
            kernel.step("adopt", "采纳", S.UNDER_REVIEW, S.ADOPTED, Cap.INNOVATION_REVIEW, effect=_on_adopt),
            kernel.step("reject", "不予采纳", S.UNDER_REVIEW, S.NOT_ADOPTED, Cap.INNOVATION_REVIEW, needs_reason=True),
            kernel.step("implement", "登记实施", S.ADOPTED, S.IMPLEMENTED, Cap.INNOVATION_EDIT),
            kernel.step(
                "verify_benefit",
                "核定创效",
                S.IMPLEMENTED,
                S.BENEFIT_VERIFIED,
                Cap.INNOVATION_REVIEW,
                precheck=_benefit_check,
                effect=_on_verify,
            ),
            kernel.step(
                "reward",
                "奖励",
                S.BENEFIT_VERIFIED,
                S.REWARDED,
                Cap.INNOVATION_REVIEW,
                effect=_on_reward,
                by_hand=False,
            ),
        ),
        main_path=(
            (S.SUBMITTED, "申报"),
            (S.FORWARDED, "推荐"),
            (S.UNDER_REVIEW, "评审"),
            (S.ADOPTED, "采纳"),
            (S.IMPLEMENTED, "实施"),
            (S.BENEFIT_VERIFIED, "创效核定"),
            (S.REWARDED, "奖励"),
        ),
        history=_history,
        history_of=lambda s: s.events.all(),
        lock=lambda s: Submission.objects.select_for_update(of=("self",)).select_related("org").get(pk=s.pk),
        refusal=kernel.refusal_naming("该成果"),
        clean_reason=kernel.reason_up_to(300),
    )
)


# --- rewards ---------------------------------------------------------------------------------------

R = RewardStatus
PAYMENT = SystemActor("创新奖励支付")
PURPOSE = "职工创新成果奖励"


def _reward_on_approve(r: Reward, ctx: Context) -> dict[str, Any]:
    """The proposer never approves their own, nobody approves twice; the final approval commits the money."""
    user = user_of(ctx.actor)
    if user is None:
        raise PermissionDenied("审批须由具体的人完成。")
    if r.proposed_by_id == user.pk:
        raise PermissionDenied("提出人不能审批自己提出的奖励。")
    if r.approvals.filter(approver=user).exists():
        raise Conflict("您已审批过该奖励：第二次审批须由另一人完成。")
    try:
        with transaction.atomic():
            RewardApproval.objects.create(reward=r, approver=user)
    except IntegrityError:
        raise Conflict("您已审批过该奖励：第二次审批须由另一人完成。") from None
    count = r.approvals.count()
    if r.needs_two_approvals and count < 2:
        ctx.target = R.PARTLY_APPROVED
    else:
        r.approve_journal = spending.commit(
            r.budget, int(r.amount_fen), ref=r.no, purpose=PURPOSE, org=r.org, actor=ctx.actor
        )
        r.approved_at = timezone.now()
    return {"approvals": count}


def _reward_payment_check(params: Mapping[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    paid_on, bank_ref = params.get("paid_on"), (params.get("bank_ref") or "").strip()
    if not isinstance(paid_on, date):
        errors["paid_on"] = ["请填写支付日期。"]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = ["支付日期不能晚于今天。"]
    if not bank_ref or len(bank_ref) > 60:
        errors["bank_ref"] = ["请填写银行流水号（最多 60 个字符）。"]
    if errors:
        raise ValidationError(field_errors=errors)


def _reward_paid_after_approval(r: Reward, ctx: Context) -> None:
    if r.approved_at and ctx.params["paid_on"] < timezone.localdate(r.approved_at):
        raise ValidationError(field_errors={"paid_on": ["支付日期不能早于批准日期。"]})


def _reward_on_pay(r: Reward, ctx: Context) -> dict[str, Any]:
    """payable → paid, then the submission's `reward` step as the system (same transaction)."""
    paid_on, bank_ref = ctx.params["paid_on"], ctx.params["bank_ref"].strip()
    r.pay_journal = spending.pay(
        r.budget, int(r.amount_fen), ref=r.no, purpose=f"银行流水 {bank_ref}", org=r.org, actor=ctx.actor
    )
    r.paid_on, r.bank_ref = paid_on, bank_ref
    kernel.run(TABLE, "reward", actor=PAYMENT, obj=r.submission, reward=r.pk)
    return {"paid_on": str(paid_on), "bank_ref": bank_ref, "amount_fen": int(r.amount_fen)}


def _reward_on_cancel(r: Reward, ctx: Context) -> dict[str, Any]:
    """Before payment: a committed reward's money goes back to the budget by a reversing journal."""
    if r.approve_journal is not None:
        r.cancel_journal = spending.undo(
            r.budget,
            int(r.amount_fen),
            committed=r.approve_journal,
            payment=None,
            ref=r.no,
            reason=ctx.reason,
            actor=ctx.actor,
        )
    r.cancel_reason = ctx.reason
    return {"amount_fen": int(r.amount_fen), "reversed": r.cancel_journal is not None}


_REWARD_CANNOT = {"approve": "不能审批", "pay": "不能登记支付", "cancel": "不能撤销"}


def _reward_refusal(r: Reward, t: Transition) -> str:
    return f"该奖励当前为「{r.get_status_display()}」，{_REWARD_CANNOT[t.name]}。"


REWARD_TABLE = kernel.register(
    kernel.Table(
        name="reward",
        model=Reward,
        transitions=(
            kernel.step(
                "approve",
                "审批通过",
                (R.PROPOSED, R.PARTLY_APPROVED),
                R.APPROVED,
                Cap.INNOVATION_REVIEW,
                also_to=R.PARTLY_APPROVED,
                effect=_reward_on_approve,
            ),
            kernel.step(
                "pay",
                "登记支付",
                R.APPROVED,
                R.PAID,
                Cap.FUNDS_MANAGE,
                precheck=_reward_payment_check,
                guard=_reward_paid_after_approval,
                effect=_reward_on_pay,
            ),
            kernel.step(
                "cancel",
                "撤销",
                (R.PROPOSED, R.PARTLY_APPROVED, R.APPROVED),
                R.CANCELLED,
                Cap.INNOVATION_REVIEW,
                needs_reason=True,
                effect=_reward_on_cancel,
                confirm="撤销后这笔奖励结束；已批准的，预算退回。",
            ),
        ),
        main_path=((R.PROPOSED, "提出"), (R.PARTLY_APPROVED, "二次审批"), (R.APPROVED, "批准"), (R.PAID, "支付")),
        history=None,
        lock=lambda r: (
            Reward.objects.select_for_update(of=("self",)).select_related("budget", "org", "submission").get(pk=r.pk)
        ),
        refusal=_reward_refusal,
        clean_reason=kernel.reason_up_to(300),
    )
)
