"""A disbursement's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py):
disbursement_approve, _reject, _pay and _cancel each take one step through the kernel's runner, which
locks the request's row (two approvers racing on one request post once) and records one audit event
"disbursement.<step>". The money of each step moves in its effect, through the generic spending of
funds/spending.py. A request keeps no history table: its approvals (DisbursementApproval), its
journals and the audit trail are its history.

    requested ──approve (one of two)──▶ partly ──approve (the second person)──▶ approved ──pay──▶ paid
        │  └──approve (one is enough)──────────────────────────────────────────▶ approved
        └──reject──▶ rejected  ◀──reject── partly
    approved, paid ──cancel (reversing journals)──▶ cancelled

Disbursement requests are opened by disbursement_request (disbursements/services.py), which is not a
step: there is no row before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.assistance.disbursements.models import Disbursement, DisbursementApproval, DisbursementStatus
from unionhall.core.actors import user_of
from unionhall.core.errors import Conflict, PermissionDenied, ValidationError
from unionhall.funds import spending
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Transition

S = DisbursementStatus
DECIDING = frozenset({S.REQUESTED, S.PARTLY_APPROVED})


def _on_approve(d: Disbursement, ctx: Context) -> dict[str, Any]:
    """The requester never approves their own, nobody approves twice; the final approval commits the money:
    budget → payable (journal DISBURSEMENT) and the budget's spent figure grows. Without enough money in
    the budget nothing changes (InsufficientFunds)."""
    user = user_of(ctx.actor)
    if user is None:
        raise PermissionDenied("审批须由具体的人完成。")
    if d.requested_by_id == user.pk:
        raise PermissionDenied("申请人不能审批自己提交的申请。")
    if d.approvals.filter(approver=user).exists():
        raise Conflict("您已审批过该申请：第二次审批须由另一人完成。")
    try:
        with transaction.atomic():
            note = ctx.params.get("note") or ""
            DisbursementApproval.objects.create(disbursement=d, approver=user, note=note[:200])
    except IntegrityError:
        raise Conflict("您已审批过该申请：第二次审批须由另一人完成。") from None
    count = d.approvals.count()
    if d.needs_two_approvals and count < 2:
        ctx.target = S.PARTLY_APPROVED
    else:
        journal = spending.commit(
            d.budget, int(d.amount_fen), ref=d.no, purpose=d.programme.name, org=d.org, actor=ctx.actor
        )
        d.approved_at = timezone.now()
        d.approve_journal = journal
    return {"approvals": count}


def _on_reject(d: Disbursement, ctx: Context) -> dict[str, Any]:
    """Refused before its final approval; no money had moved."""
    d.cancel_reason = ctx.reason
    return {}


def _check_payment(params: Mapping[str, Any]) -> None:
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


def _paid_after_approval(d: Disbursement, ctx: Context) -> None:
    if d.approved_at and ctx.params["paid_on"] < timezone.localdate(d.approved_at):
        raise ValidationError(field_errors={"paid_on": ["支付日期不能早于批准日期。"]})


def _on_pay(d: Disbursement, ctx: Context) -> dict[str, Any]:
    """The bank transfer of an approved disbursement: payable → paid (journal PAYMENT)."""
    paid_on, bank_ref = ctx.params["paid_on"], ctx.params["bank_ref"].strip()
    journal = spending.pay(
        d.budget, int(d.amount_fen), ref=d.no, purpose=f"银行流水 {bank_ref}", org=d.org, actor=ctx.actor
    )
    d.paid_on = paid_on
    d.bank_ref = bank_ref
    d.pay_journal = journal
    return {"paid_on": str(paid_on), "bank_ref": bank_ref}


def _was_posted(d: Disbursement, ctx: Context) -> None:
    if d.approve_journal is None:
        raise Conflict(_refusal(d, TABLE.get("cancel")))


def _on_cancel(d: Disbursement, ctx: Context) -> dict[str, Any]:
    """Reversing journals of what was posted (the payment first, then the approval), and the budget's
    spent figure goes back down. Nothing posted is ever edited."""
    assert d.approve_journal is not None  # _was_posted
    journal = spending.undo(
        d.budget,
        int(d.amount_fen),
        committed=d.approve_journal,
        payment=d.pay_journal,
        ref=d.no,
        reason=ctx.reason,
        actor=ctx.actor,
    )
    d.cancel_reason = ctx.reason
    d.cancel_journal = journal
    return {"amount_fen": int(d.amount_fen)}


_CANNOT = {
    "approve": "不能审批",
    "reject": "不能驳回",
    "pay": "不能登记支付",
    "cancel": "只有已批准或已支付的才能撤销",
}


def _refusal(d: Disbursement, t: Transition) -> str:
    return f"该申请当前为「{d.get_status_display()}」，{_CANNOT[t.name]}。"


def _reason(reason: str, t: Transition) -> str:
    if not t.needs_reason:
        return ""
    text = (reason or "").strip()
    if not text:
        raise ValidationError(field_errors={"reason": ["请填写理由。"]})
    return text[:300]


TABLE = kernel.register(
    kernel.Table(
        name="disbursement",
        model=Disbursement,
        transitions=(
            Transition(
                "approve",
                "审批通过",
                DECIDING,
                S.APPROVED,
                Cap.DISBURSEMENT_APPROVE,
                effect=_on_approve,
                also_to=frozenset({S.PARTLY_APPROVED}),  # the first of two approvals
            ),
            Transition(
                "reject",
                "驳回",
                DECIDING,
                S.REJECTED,
                Cap.DISBURSEMENT_APPROVE,
                needs_reason=True,
                effect=_on_reject,
                danger=True,
                confirm="驳回后这笔申请结束，不能再审批或支付。",
            ),
            Transition(
                "pay",
                "登记支付",
                frozenset({S.APPROVED}),
                S.PAID,
                Cap.FUNDS_MANAGE,
                precheck=_check_payment,
                guard=_paid_after_approval,
                effect=_on_pay,
            ),
            Transition(
                "cancel",
                "撤销",
                frozenset({S.APPROVED, S.PAID}),
                S.CANCELLED,
                Cap.FUNDS_MANAGE,
                needs_reason=True,
                guard=_was_posted,
                effect=_on_cancel,
                danger=True,
                confirm="撤销后冲正已记的账目，预算退回，已支付的须另行追回。",
            ),
        ),
        main_path=((S.REQUESTED, "申请"), (S.PARTLY_APPROVED, "二次审批"), (S.APPROVED, "批准"), (S.PAID, "支付")),
        history=None,
        lock=lambda d: (
            Disbursement.objects.select_for_update(of=("self",)).select_related("budget", "org").get(pk=d.pk)
        ),
        refusal=_refusal,
        clean_reason=_reason,
        reason_first=True,
    )
)
