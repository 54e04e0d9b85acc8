"""/api/v1/join-applications/: the online join applications (网上入会申请) a union reviews — listed,
read, approved and rejected through the same selectors and services as the review pages.

Scoped like the pages: an application is read by whoever reads the members of the union it lies with
(member.view) and decided by whoever keeps them (member.edit; a reviewer gets 403). A union outside the
caller's reach is never named: the worker's former union and the resulting membership are given only
when the caller may see them.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema

from unionhall.api.routes import listed
from unionhall.core import pii
from unionhall.core.errors import ValidationError
from unionhall.joining import selectors, services
from unionhall.joining.models import ApplicationKind, ApplicationStatus, JoinApplication
from unionhall.orgs import access
from unionhall.orgs.access import Cap

router = Router(tags=["网上入会"])


def _visible_org_id(user: Any, org: Any) -> int | None:
    return org.pk if org is not None and access.reach(user, Cap.MEMBER_VIEW).covers(org.path) else None


class ApplicationOut(Schema):
    id: int
    code: str = Field(description="参考编号（职工查询进度用）")
    kind: str = Field(description="/".join(ApplicationKind.values))
    status: str = Field(description="/".join(ApplicationStatus.values))
    name: str
    id_number: str = Field(alias="id_number_masked", description="身份证号（脱敏）")
    phone: str = Field(description="手机号（脱敏）")
    employer: int | None = Field(None, alias="employer_id", description="登记在册的工作单位 id")
    employer_text: str = Field(description="职工填写的工作单位")
    proposed_union: int | None = Field(None, alias="proposed_union_id", description="建议加入的基层工会 id")
    org: int = Field(alias="org_id", description="受理工会 id（批准后为接收工会）")
    from_org: int | None = Field(None, description="原工会 id（接转时；不在权限范围内时为空）")
    member: int | None = Field(None, description="批准后的会籍 id（不在权限范围内时为空）")
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str = Field(alias="decided_by_name", description="办理人")
    reason: str = Field(description="不予批准的原因")

    @staticmethod
    def resolve_phone(obj: JoinApplication) -> str:
        return pii.mask_phone(obj.phone)

    @staticmethod
    def resolve_from_org(obj: JoinApplication, context: dict[str, Any]) -> int | None:
        former = obj.from_membership
        return _visible_org_id(context["request"].user, former.org) if former is not None else None

    @staticmethod
    def resolve_member(obj: JoinApplication, context: dict[str, Any]) -> int | None:
        membership = obj.membership
        if membership is None or _visible_org_id(context["request"].user, membership.org) is None:
            return None
        return membership.pk


class ApplicationDetailOut(ApplicationOut):
    unions: list[int] = Field(
        description="当前用户可批准加入的基层工会 id（建议的在前）；不能办理时为空",
    )

    @staticmethod
    def resolve_unions(obj: JoinApplication, context: dict[str, Any]) -> list[int]:
        user = context["request"].user
        if not (obj.is_open and access.reach(user, Cap.MEMBER_EDIT).covers(obj.org.path)):
            return []
        return [u.pk for u in selectors.union_choices(user, obj)]


class ApplicationFilterQuery(FilterSchema):
    status: str | None = Field(None, description="/".join(ApplicationStatus.values) + "；不填为全部")
    kind: str | None = Field(None, description="/".join(ApplicationKind.values))


@router.get("/join-applications/", response=list[ApplicationOut], summary="网上入会申请列表（权限范围内，新的在前）")
@listed(Cap.MEMBER_VIEW)
def join_application_list(request: HttpRequest, filters: Query[ApplicationFilterQuery]) -> Any:
    found = selectors.application_list(request.user, status=filters.status or "", kind=filters.kind or "")
    return found.select_related("from_membership__org")


@router.get("/join-applications/{application_id}", response=ApplicationDetailOut, summary="一份网上入会申请")
def join_application_detail(request: HttpRequest, application_id: int) -> JoinApplication:
    return selectors.application_for_user_or_404(request.user, application_id)


def _for_decision(request: HttpRequest, application_id: int) -> JoinApplication:
    app = selectors.application_for_user_or_404(request.user, application_id)
    access.require(request.user, Cap.MEMBER_EDIT, app.org, obj=app)  # a reviewer sees it but may not decide
    return app


class ApplicationApproveIn(Schema):
    union: int | None = Field(None, description="接收的基层工会 id（详情的 unions 之一）；不填为建议的工会")


@router.post(
    "/join-applications/{application_id}/approve",
    response=ApplicationDetailOut,
    summary="批准入会申请（职工已是其他工会会员时为接转；原工会不在权限范围内时先向其申请接转）",
)
def join_application_approve(
    request: HttpRequest, application_id: int, payload: ApplicationApproveIn
) -> JoinApplication:
    app = _for_decision(request, application_id)
    union = None
    if payload.union is not None:
        union = next((u for u in selectors.union_choices(request.user, app) if u.pk == payload.union), None)
        if union is None:
            raise ValidationError(field_errors={"union": ["请从可选的基层工会中选择（见申请详情的 unions）。"]})
    services.join_application_approve(actor=request.user, application=app, union=union)
    return selectors.application_for_user_or_404(request.user, app.pk)


class ApplicationRejectIn(Schema):
    reason: str = Field(description="不予批准的原因（必填，不超过 200 字；申请人将看到它）")


@router.post("/join-applications/{application_id}/reject", response=ApplicationDetailOut, summary="不予批准入会申请")
def join_application_reject(request: HttpRequest, application_id: int, payload: ApplicationRejectIn) -> JoinApplication:
    app = _for_decision(request, application_id)
    services.join_application_reject(actor=request.user, application=app, reason=payload.reason)
    return selectors.application_for_user_or_404(request.user, app.pk)
