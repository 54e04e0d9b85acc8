"""Writes of 救助支出: a programme's payment to an approved archive's household, from request to payment.

Every function is one business action inside `audited()`. The request is made here; its steps (approve,
reject, pay, cancel) run through the workflow kernel's table in `disbursements/workflow.py`, whose effects
move the money through the generic spending of `funds/spending.py`. Row locks are taken in one order:

    Disbursement row → Budget rows (ascending id) → Account rows (ascending id, inside ledger.post)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from unionhall.assistance import eligibility
from unionhall.assistance.disbursements import workflow
from unionhall.assistance.disbursements.models import Disbursement, WarmthBatch
from unionhall.assistance.models import AssistanceSettings, EvidenceFile, FileStatus, HardshipFile, Programme
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.funds.models import Budget
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel

NO_PREFIX = "ZC"


def _next_no(today: date) -> str:
    prefix = f"{NO_PREFIX}{today.year}"
    last = Disbursement.objects.filter(no__startswith=prefix).aggregate(m=Max("no"))["m"]
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:06d}"


def disbursement_request(
    *,
    actor: Actor,
    file: HardshipFile,
    programme: Programme,
    budget: Budget,
    amount_fen: int | None = None,
    details: dict[str, Any] | None = None,
    evidence: EvidenceFile | None = None,
    on: date | None = None,
    batch: WarmthBatch | None = None,
) -> Disbursement:
    """Ask for a programme's payment to an approved archive's household, from a budget on the archive's chain.

    The amount follows the programme's rules (`assistance.eligibility.check`); the payee and the bank
    account are copied from the archive. At or above the city's dual-approval figure two different people
    must approve. `batch` ties the request to a 送温暖 batch.
    """
    with audited(actor=actor, action="disbursement.request", org=file.org, obj=file) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, file.org, obj=file)
        file = HardshipFile.objects.select_related("org", "person").get(pk=file.pk)
        if file.status != FileStatus.APPROVED:
            raise Conflict(f"档案「{file.no}」尚未建档（当前：{file.get_status_display()}），不能申请救助。")
        if not programme.active:
            raise ValidationError(field_errors={"programme": ["该帮扶项目已停用。"]})
        budget = Budget.objects.select_related("org", "fund").get(pk=budget.pk)
        if not file.org.path.startswith(budget.org.path):
            raise NotFound()  # a budget off the archive's chain is not there for this archive
        if programme.fund_id is not None and budget.fund_id != programme.fund_id:
            raise ValidationError(field_errors={"budget": [f"「{programme.name}」须使用「{programme.fund}」的预算。"]})
        if not file.bank_account_enc:
            raise ValidationError(field_errors={"file": ["档案未登记银行卡号：请先在档案中补充。"]})
        on = on or timezone.localdate()
        details = dict(details or {})
        if amount_fen is None:
            amount_fen = eligibility.suggested_amount(file=file, programme=programme, details=details)
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
            raise ValidationError(field_errors={"amount": ["金额须为整数分。"]})
        eligibility.check(file=file, programme=programme, amount_fen=amount_fen, details=details, on=on)
        if evidence is not None and evidence.file_id != file.pk:
            raise ValidationError(field_errors={"evidence": ["证明材料不属于该档案。"]})
        dual = amount_fen >= AssistanceSettings.current().dual_approval_fen
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    d = Disbursement.objects.create(
                        no=_next_no(on),
                        file=file,
                        programme=programme,
                        budget=budget,
                        org=file.org,
                        amount_fen=amount_fen,
                        needs_two_approvals=dual,
                        details=details,
                        evidence=evidence,
                        batch=batch,
                        payee_name=file.person.name,
                        bank_name=file.bank_name,
                        bank_account_enc=file.bank_account_enc,
                        bank_account_masked=file.bank_account_masked,
                        requested_by=user_of(actor),
                    )
                break
            except IntegrityError:
                continue  # another request took the number: take the next one
        else:
            raise Conflict("编号分配冲突，请重试。")
        event.target(d, org=file.org)
        event.changes = {
            "programme": programme.code,
            "budget": budget.pk,
            "amount_fen": amount_fen,
            "needs_two_approvals": dual,
        }
    return d


def disbursement_approve(*, actor: Actor, disbursement: Disbursement, note: str = "") -> Disbursement:
    """Approve a request. The requester never approves their own, nobody approves twice; the final approval
    commits the money: budget → payable (journal DISBURSEMENT) and the budget's spent figure grows.
    Without enough money in the budget nothing changes (InsufficientFunds)."""
    return kernel.run(workflow.TABLE, "approve", actor=actor, obj=disbursement, note=note)


def disbursement_reject(*, actor: Actor, disbursement: Disbursement, reason: str) -> Disbursement:
    """Refuse a request before its final approval; no money had moved."""
    return kernel.run(workflow.TABLE, "reject", actor=actor, obj=disbursement, reason=reason)


def disbursement_pay(*, actor: Actor, disbursement: Disbursement, paid_on: date, bank_ref: str) -> Disbursement:
    """Record the bank transfer of an approved disbursement: payable → paid (journal PAYMENT)."""
    return kernel.run(workflow.TABLE, "pay", actor=actor, obj=disbursement, paid_on=paid_on, bank_ref=bank_ref)


def disbursement_cancel(*, actor: Actor, disbursement: Disbursement, reason: str) -> Disbursement:
    """Undo an approved or paid disbursement: reversing journals of what was posted (the payment first, then
    the approval), and the budget's spent figure goes back down. Nothing posted is ever edited."""
    return kernel.run(workflow.TABLE, "cancel", actor=actor, obj=disbursement, reason=reason)


def disbursement_accounts_reveal(
    *, actor: Actor, disbursements: Sequence[Disbursement], purpose: str = ""
) -> dict[int, str]:
    """The payees' bank accounts in clear, for reconciliation with the bank: `assistance.sensitive` over
    every row's union, one audit event naming how many were shown and the purpose the user stated."""
    rows = list(disbursements)
    org = rows[0].org if len(rows) == 1 else None
    with audited(actor=actor, action="disbursement.accounts_reveal", org=org) as event:
        if len(rows) == 1:
            event.target(rows[0])
        if not rows and not access.has_cap_anywhere(actor, Cap.ASSISTANCE_SENSITIVE):
            raise PermissionDenied()
        reach = access.reach(actor, Cap.ASSISTANCE_SENSITIVE)
        outside = [d for d in rows if not reach.covers(d.org.path)]
        if outside:
            access.require(actor, Cap.ASSISTANCE_SENSITIVE, outside[0].org, obj=outside[0])
        event.changes = {"count": len(rows), "nos": [d.no for d in rows[:50]], "purpose": purpose}
        return {d.pk: d.reveal_bank_account() for d in rows}
