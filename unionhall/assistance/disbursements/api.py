"""/api/v1/assistance/disbursements/: the disbursements in scope, requesting and approving a payment through
the same services as the pages. Joined to the assistance router (assistance/api.py) under the tag the
money's operations have always had.

The POSTs honour `Idempotency-Key` (funds/idempotency.py): a retried request pays once and replays the
first answer with `Idempotent-Replayed: true`.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema

from unionhall.api.fields import MAX_ID
from unionhall.api.pagination import Mapped
from unionhall.api.routes import listed
from unionhall.assistance.disbursements import selectors, services
from unionhall.assistance.disbursements.models import Disbursement, DisbursementApproval
from unionhall.assistance.models import Programme
from unionhall.core.errors import NotFound, ValidationError
from unionhall.core.money import parse_yuan, yuan
from unionhall.funds.idempotency import idempotent
from unionhall.orgs import access
from unionhall.orgs.access import Cap

router = Router(tags=["帮扶资金"])
# The operation ids of the OpenAPI document stay those these routes had in `funds`: clients generated from
# the document name their methods by them.
OPERATION_IDS = {
    name: f"unionhall_funds_api_{name}"
    for name in ("disbursement_list", "disbursement_create", "disbursement_approve", "disbursement_detail")
}


class ApprovalOut(Schema):
    approver: str
    at: datetime
    note: str


class DisbursementOut(Schema):
    id: int
    no: str
    archive: int
    programme: int
    budget: int
    org: int
    amount: str = Field(description="金额（元，两位小数的字符串）")
    status: str = Field(description="requested/partly/approved/paid/rejected/cancelled")
    needs_two_approvals: bool
    payee_name: str
    bank_name: str
    bank_account: str = Field(description="银行卡号（脱敏）")
    requested_at: datetime
    approved_at: datetime | None
    paid_on: date | None
    bank_ref: str
    approvals: list[ApprovalOut]


def _disbursement(d: Disbursement) -> dict[str, Any]:
    return {
        "id": d.pk,
        "no": d.no,
        "archive": d.file_id,
        "programme": d.programme_id,
        "budget": d.budget_id,
        "org": d.org_id,
        "amount": yuan(d.amount_fen),
        "status": d.status,
        "needs_two_approvals": d.needs_two_approvals,
        "payee_name": d.payee_name,
        "bank_name": d.bank_name,
        "bank_account": d.bank_account_masked,
        "requested_at": d.requested_at.isoformat(),
        "approved_at": d.approved_at.isoformat() if d.approved_at else None,
        "paid_on": d.paid_on.isoformat() if d.paid_on else None,
        "bank_ref": d.bank_ref,
        "approvals": [
            {"approver": a.approver.get_username(), "at": a.at.isoformat(), "note": a.note} for a in _approvals(d)
        ],
    }


def _approvals(d: Disbursement) -> Any:
    # A page of the list prefetches them (one query for all rows); one disbursement reads its own.
    cached = getattr(d, "_prefetched_objects_cache", {}).get("approvals")
    return cached if cached is not None else d.approvals.select_related("approver")


class DisbursementFilterQuery(FilterSchema):
    status: str | None = Field(None, description="requested/partly/approved/paid/rejected/cancelled")
    programme: int | None = Field(None, ge=1, le=MAX_ID, description="帮扶项目 id")
    budget: int | None = Field(None, ge=1, le=MAX_ID, description="预算 id")
    org: int | None = Field(None, description="工会 id：该工会及其下级的档案的支出")


@router.get(
    "/assistance/disbursements/",
    response=list[DisbursementOut],
    operation_id=OPERATION_IDS["disbursement_list"],
    summary="救助支出列表（权限范围内，新的在前；银行卡号脱敏）",
)
@listed(Cap.FUNDS_VIEW)
def disbursement_list(request: HttpRequest, filters: Query[DisbursementFilterQuery]) -> Mapped:
    org = access.org_for_user_or_404(request.user, filters.org, Cap.FUNDS_VIEW) if filters.org else None
    found = selectors.disbursements_for(
        request.user,
        selectors.DisbursementFilters(
            status=filters.status or "", programme=filters.programme, budget=filters.budget, org=org
        ),
    )
    approvals = DisbursementApproval.objects.select_related("approver")
    return Mapped(found.prefetch_related(Prefetch("approvals", queryset=approvals)), _disbursement)


class DisbursementIn(Schema):
    archive: int = Field(description="困难档案 id")
    programme: int = Field(description="帮扶项目 id")
    budget: int = Field(description="预算 id：档案所在工会或其上级的预算")
    amount: Decimal | str | None = Field(None, description="金额（元），字符串或数字；不填按项目标准")
    details: dict[str, Any] = Field(default_factory=dict, description="项目明细（如金秋助学的学校层次）")


@router.post(
    "/assistance/disbursements/",
    response={201: DisbursementOut},
    operation_id=OPERATION_IDS["disbursement_create"],
    summary="申请救助支出（支持 Idempotency-Key）",
)
@idempotent
def disbursement_create(request: HttpRequest, payload: DisbursementIn) -> tuple[int, dict[str, Any]]:
    file = selectors.file_for_request_or_404(request.user, payload.archive)
    programme = Programme.objects.filter(pk=payload.programme).first()
    if programme is None:
        raise NotFound()
    budget = selectors.budget_for_file_or_404(file, payload.budget)
    amount_fen = None if payload.amount in (None, "") else parse_yuan(str(payload.amount))
    d = services.disbursement_request(
        actor=request.user,
        file=file,
        programme=programme,
        budget=budget,
        amount_fen=amount_fen,
        details=payload.details,
    )
    return 201, _disbursement(d)


def _note(request: HttpRequest) -> str:
    """The optional {"note": "..."} of an approval; an empty body is an approval without a note."""
    if request.content_type != "application/json" or not request.body.strip():
        return ""
    try:
        body = json.loads(request.body)
    except ValueError:
        raise ValidationError("请求体须为 JSON。") from None
    if not isinstance(body, dict) or not isinstance(body.get("note", ""), str):
        raise ValidationError(field_errors={"note": ["审批意见须为文字。"]})
    return str(body.get("note", ""))[:200]


@router.post(
    "/assistance/disbursements/{disbursement_id}/approve",
    response={200: DisbursementOut},
    operation_id=OPERATION_IDS["disbursement_approve"],
    summary="审批救助支出（最后一次审批即从预算支出；支持 Idempotency-Key）",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": {"note": {"type": "string", "description": "审批意见"}}}
                }
            },
        }
    },
)
@idempotent
def disbursement_approve(request: HttpRequest, disbursement_id: int) -> tuple[int, dict[str, Any]]:
    d = selectors.disbursement_for_user_or_404(request.user, disbursement_id)
    d = services.disbursement_approve(actor=request.user, disbursement=d, note=_note(request))
    return 200, _disbursement(d)


@router.get(
    "/assistance/disbursements/{disbursement_id}",
    response=DisbursementOut,
    operation_id=OPERATION_IDS["disbursement_detail"],
    summary="救助支出详情（银行卡号脱敏）",
)
def disbursement_detail(request: HttpRequest, disbursement_id: int) -> dict[str, Any]:
    return _disbursement(selectors.disbursement_for_user_or_404(request.user, disbursement_id))
