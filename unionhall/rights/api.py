"""/api/v1/rights/: rights cases (维权案件) — file, list, read, accept, share (双向维权), unshare, transfer,
close, any other step of the transition table — and 四个第一人 risk reports — file, list, read, acknowledge.

Every read goes through rights.selectors (a case outside the caller's sight, shares included, answers
404 exactly like a missing one); every write through rights.services / rights.risk_services, so the API
checks, validates and audits exactly like the pages. Errors are the API's usual JSON: a wrong type or a
missing id answers 422 `invalid_request`; the services' refusals answer `invalid` (400, with Chinese
messages by field in `fields`), `permission_denied` (403), `not_found` (404), `conflict` (409).

Filing a case or a risk report accepts `Idempotency-Key` (funds/idempotency.py), so a hotline system that
retries after a timeout files once.

An action on a case answers with the case as it now stands — even a transfer that takes it out of the
caller's sight (a later GET then answers 404).

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import json
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from unionhall.api.routes import listed
from unionhall.core.errors import NotFound, ValidationError
from unionhall.core.filters import given, under
from unionhall.funds.idempotency import idempotent
from unionhall.members.models import Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.rights import risk_services, selectors, services, workflow
from unionhall.rights.models import Case, CaseShare, RiskReport
from unionhall.rights.schemas import (
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CloseIn,
    RiskDetailOut,
    RiskIn,
    RiskOut,
    ShareIn,
    ShareOut,
    TransferIn,
    TransitionIn,
    UnshareIn,
    UserRef,
)

router = Router(tags=["维权"])


def _json(schema: Any, obj: Any, request: HttpRequest) -> dict[str, Any]:
    """What ninja renders for `obj` (the same encoder, times as stored), for the answers `@idempotent`
    keeps and replays itself."""
    obj.refresh_from_db()
    data = schema.from_orm(obj, context={"request": request}).model_dump()
    return dict(json.loads(json.dumps(data, cls=NinjaJSONEncoder)))


def _any_org(pk: int | None, field: str = "org") -> OrgUnit:
    """A unit named in a body by id, anywhere in the tree (双向维权 and 转办 cross subtrees); the service
    refuses one that is not in use."""
    unit = OrgUnit.objects.filter(pk=pk).first() if pk is not None else None
    if unit is None:
        raise ValidationError(field_errors={field: ["没有这个工会组织，请检查 id。"]})
    return unit


def _org_in_reach(user: Any, pk: int, cap: Cap) -> OrgUnit:
    """The unit the caller acts at: 404 when it is missing or out of sight, 403 when in sight but the role
    may not `cap` there — checked before the rest of the body, so a refusal says nothing about it."""
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise NotFound()
    access.require(user, cap, unit)
    return unit


def _employer_in_sight(user: Any, pk: int | None) -> Employer | None:
    if pk is None:
        return None
    try:
        return access.get_for_user_or_404(user, Cap.EMPLOYER_VIEW, Employer.objects.all(), pk, access.EMPLOYER_SCOPE)
    except NotFound:
        raise ValidationError(field_errors={"employer": ["未找到该用人单位，请检查 id，或改填单位名称。"]}) from None


def _person_in_sight(user: Any, pk: int | None) -> Person | None:
    """A worker linked to the case: a person with a membership the caller may see."""
    if pk is None:
        return None
    memberships = access.scope_queryset(user, Cap.MEMBER_VIEW, Membership.objects.filter(person_id=pk), "org")
    person = Person.objects.filter(pk=pk, pk__in=memberships.values("person")).first()
    if person is None:
        raise ValidationError(field_errors={"person": ["未找到该职工。"]})
    return person


# --- cases -------------------------------------------------------------------------------------------


class CaseFilterQuery(FilterSchema):
    status: str | None = Field(None, description="状态；open = 未办结（受理、办理中、调解中）")
    category: str | None = None
    org: int | None = Field(None, description="工会 id：该工会及其下级承办或协办的案件")
    overdue: bool | None = Field(None, description="true：只看超期未办结的")
    shared: bool | None = Field(None, description="true：只看与本单位协办的")
    # Bounded like an id: a number past 64 bits in the handler filter made SQLite fail (500).
    handler: int | None = Field(None, ge=1, le=2**63 - 1, description="承办人（用户 id）")
    q: str | None = Field(None, description="编号、诉求摘要、用人单位名称或联系人姓名")


def _with_live_shares(qs: QuerySet[Case]) -> QuerySet[Case]:
    live = CaseShare.objects.filter(revoked_at__isnull=True).select_related("org")
    return qs.prefetch_related(Prefetch("shares", queryset=live, to_attr="live_shares"))


@router.get("/rights/cases/", response=list[CaseOut], summary="维权案件列表（权限范围内）")
@listed(Cap.RIGHTS_VIEW)
def case_list(request: HttpRequest, filters: Query[CaseFilterQuery]) -> QuerySet[Case]:
    f = selectors.CaseFilters(
        status=filters.status or "",
        category=filters.category or "",
        org=filters.org,
        handler=filters.handler,
        overdue=bool(filters.overdue),
        shared=bool(filters.shared),
        q=filters.q or "",
    )
    return _with_live_shares(selectors.filter_cases(request.user, selectors.cases_for(request.user), f))


@router.get("/rights/cases/{case_id}", response=CaseDetailOut, summary="维权案件详情")
def case_detail(request: HttpRequest, case_id: int) -> Case:
    return selectors.case_for_user_or_404(request.user, case_id)


@router.get(
    "/rights/cases/{case_id}/shares/",
    response=list[ShareOut],
    summary="案件正在协办的工会与市外协作工会（结束协办时用其 id）",
)
def case_share_list(request: HttpRequest, case_id: int) -> list[CaseShare]:
    case = selectors.case_for_user_or_404(request.user, case_id)
    return list(case.shares.filter(revoked_at__isnull=True).select_related("org").order_by("shared_at", "id"))


@router.get(
    "/rights/handlers/",
    response=list[UserRef],
    summary="承办人列表（权限范围内案件的承办人；案件列表按 handler 筛选时用）",
)
@listed(Cap.RIGHTS_VIEW)
def case_handler_list(request: HttpRequest) -> QuerySet[Any]:
    return selectors.case_handlers(request.user)


class CaseRoutedOut(Schema):
    """The answer for a case routed outside the caller's sight: its number, never where it went."""

    no: str = Field(description="案件编号")
    status: str
    routed: bool = Field(description="已按属地转至用人单位所在地的工会办理，不在调用方的查看范围内")
    message: str


@router.post(
    "/rights/cases/",
    response={201: CaseDetailOut, 202: CaseRoutedOut},
    summary="登记维权案件（按属地转至覆盖用人单位的工会；支持 Idempotency-Key）",
)
@idempotent
def case_create(request: HttpRequest, payload: CaseIn) -> tuple[int, dict[str, Any]]:
    """`org` is where the request is taken in (the caller needs rights.handle there); the case goes to the
    union covering the employer. Without `contact_name` the linked worker's name is the contact — never
    the caller's own: an operator filing for a worker is not the worker's contact — and with neither the
    answer asks for it by field."""
    user = request.user
    intake_org = _org_in_reach(user, payload.org, Cap.RIGHTS_HANDLE)
    employer = _employer_in_sight(user, payload.employer)
    person = _person_in_sight(user, payload.person)
    data = services.CaseIntake(
        category=payload.category,
        complexity=payload.complexity,
        summary=payload.summary,
        contact_name=payload.contact_name or (person.name if person else ""),
        contact_phone=payload.contact_phone or (person.phone if person else ""),
        source=payload.source,
        employer=employer,
        employer_text=payload.employer_text,
        worker_count=payload.worker_count,
        facts=payload.facts,
        person=person,
    )
    case = services.case_create(actor=user, intake_org=intake_org, data=data)
    if not selectors.cases_for(user).filter(pk=case.pk).exists():
        # Routed to a union outside the caller's sight: neither that union nor the employer it matched is named.
        message = "已登记，已按属地转至用人单位所在地的工会办理；该案件不在您的查看范围内。"
        return 202, {"no": case.no, "status": case.status, "routed": True, "message": message}
    return 201, _json(CaseDetailOut, case, request)


@router.post("/rights/cases/{case_id}/accept", response=CaseDetailOut, summary="受理并开始办理")
def case_accept(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_for_user_or_404(request.user, case_id)
    return services.case_accept(actor=request.user, case=case)


@router.post(
    "/rights/cases/{case_id}/transition",
    response=CaseDetailOut,
    summary="办理环节（受理、进入调解、结束调解、职工撤回、重新办理）",
)
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> Case:
    case = selectors.case_for_user_or_404(request.user, case_id)
    if payload.name == "close":
        raise ValidationError(field_errors={"name": ["办结请使用 …/close，并填写办理结果和追回工资。"]})
    service = services.TRANSITION_SERVICES.get(payload.name)
    if service is None:
        names = "、".join(n for n in services.TRANSITION_SERVICES if n != "close")
        raise ValidationError(field_errors={"name": [f"没有这个办理环节，可选：{names}。"]})
    extra = {"reason": payload.reason} if workflow.get(payload.name).needs_reason else {}
    return service(actor=request.user, case=case, **extra)


@router.post(
    "/rights/cases/{case_id}/share", response=CaseDetailOut, summary="双向维权：与另一工会协办，或登记市外协作工会"
)
def case_share(request: HttpRequest, case_id: int, payload: ShareIn) -> Case:
    case = selectors.case_for_user_or_404(request.user, case_id)
    org = _any_org(payload.org) if payload.org is not None else None
    services.case_share(
        actor=request.user,
        case=case,
        org=org,
        partner_name=payload.partner_name,
        partner_contact=payload.partner_contact,
    )
    case.refresh_from_db()
    return case


@router.post("/rights/cases/{case_id}/unshare", response=CaseDetailOut, summary="结束协办")
def case_unshare(request: HttpRequest, case_id: int, payload: UnshareIn) -> Case:
    case = selectors.case_for_user_or_404(request.user, case_id)
    org = OrgUnit.objects.filter(pk=payload.org).first() if payload.org is not None else None
    share = case.shares.filter(pk=payload.share).first() if payload.share is not None else None
    services.case_unshare(actor=request.user, case=case, org=org, share=share)
    case.refresh_from_db()
    return case


@router.post("/rights/cases/{case_id}/transfer", response=CaseDetailOut, summary="转办至另一工会（须写明理由）")
def case_transfer(request: HttpRequest, case_id: int, payload: TransferIn) -> Case:
    case = selectors.case_for_user_or_404(request.user, case_id)
    to_org = _any_org(payload.org)
    return services.case_transfer(actor=request.user, case=case, to_org=to_org, reason=payload.reason)


@router.post("/rights/cases/{case_id}/close", response=CaseDetailOut, summary="办结（办理结果，追回工资按元或按分）")
def case_close(request: HttpRequest, case_id: int, payload: CloseIn) -> Case:
    case = selectors.case_for_user_or_404(request.user, case_id)
    if payload.wages_recovered is not None and payload.wages_recovered_fen is not None:
        message = "追回工资请只填一种：wages_recovered（元）或 wages_recovered_fen（分）。"
        raise ValidationError(field_errors={"wages_recovered": [message]})
    wages: str | int = payload.wages_recovered_fen if payload.wages_recovered_fen is not None else ""
    if payload.wages_recovered is not None:
        wages = payload.wages_recovered
    closed = services.case_close(actor=request.user, case=case, outcome=payload.outcome, wages_recovered=wages)
    return closed


# --- risk reports ------------------------------------------------------------------------------------


def _sees_risks_at(user: Any, unit: OrgUnit) -> bool:
    return any(access.reach(user, cap).covers(unit.path) for cap in (Cap.RIGHTS_VIEW, Cap.RISK_REPORT))


class RiskFilterQuery(FilterSchema):
    status: str | None = Field(None, description="reported/acknowledged/following/closed；open = 未化解")
    level: str | None = None
    kind: str | None = None
    org: int | None = Field(None, description="工会 id：该工会及其下级报告的预警")
    ack_overdue: bool | None = Field(None, description="true：只看超过签收期限仍未签收的")
    agenda: bool | None = Field(None, description="true：联席会议议题（未化解的橙色、红色预警）")


@router.get("/rights/risks/", response=list[RiskOut], summary="风险预警列表（权限范围内）")
@listed(Cap.RIGHTS_VIEW, Cap.RISK_REPORT)
def risk_list(request: HttpRequest, filters: Query[RiskFilterQuery]) -> QuerySet[RiskReport]:
    user = request.user
    qs = selectors.agenda_risks(user) if filters.agenda else selectors.risks_for(user)
    if filters.status == "open":
        qs = selectors.open_risks(qs)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    qs = given(qs, level=filters.level, kind=filters.kind)
    if filters.org is not None:
        unit = OrgUnit.objects.filter(pk=filters.org).first()
        if unit is None or not _sees_risks_at(user, unit):
            raise NotFound()
        qs = under(qs, unit)
    if filters.ack_overdue:
        qs = selectors.unacknowledged_late(qs)
    return qs


@router.get("/rights/risks/{risk_id}", response=RiskDetailOut, summary="风险预警详情")
def risk_detail(request: HttpRequest, risk_id: int) -> RiskReport:
    return selectors.risk_for_user_or_404(request.user, risk_id)


@router.post(
    "/rights/risks/", response={201: RiskDetailOut}, summary="报告风险预警（四个第一人；支持 Idempotency-Key）"
)
@idempotent
def risk_create(request: HttpRequest, payload: RiskIn) -> tuple[int, dict[str, Any]]:
    user = request.user
    org = _org_in_reach(user, payload.org, Cap.RISK_REPORT)
    report = risk_services.risk_report_file(
        actor=user,
        org=org,
        kind=payload.kind,
        level=payload.level,
        description=payload.description,
        employer=_employer_in_sight(user, payload.employer),
        affected_count=payload.affected_count,
        amount=payload.amount,
    )
    return 201, _json(RiskDetailOut, report, request)


@router.post("/rights/risks/{risk_id}/acknowledge", response=RiskDetailOut, summary="上级工会签收风险预警")
def risk_acknowledge(request: HttpRequest, risk_id: int) -> RiskReport:
    report = selectors.risk_for_user_or_404(request.user, risk_id)
    return risk_services.risk_acknowledge(actor=request.user, report=report)
