"""/api/v1/members/: the roster, one member (ID masked), joining and transfer through the same services.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema, Status

from unionhall.api.fields import IsoDate
from unionhall.api.routes import listed
from unionhall.core import pii
from unionhall.members import selectors, services, transfer_services
from unionhall.members.models import Membership, TransferRequest
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer

router = Router(tags=["会员"])


class MemberOut(Schema):
    id: int
    member_no: str
    person: int = Field(alias="person_id", description="人员 id（登记维权案件时关联职工用）")
    name: str = Field(alias="person.name")
    sex: str = Field(alias="person.sex")
    birth_date: date = Field(alias="person.birth_date")
    id_number: str = Field(alias="person.id_number_masked", description="身份证号（脱敏）")
    phone: str = Field(description="手机号（脱敏）")
    employment_form: str = Field(alias="person.employment_form")
    is_migrant: bool = Field(alias="person.is_migrant")
    org: int = Field(alias="org_id")
    employer: int | None = Field(None, alias="employer_id")
    joined_on: date
    status: str
    ended_on: date | None = None

    @staticmethod
    def resolve_phone(obj: Membership) -> str:
        # as the ID number: the API answers lists, and lists show personal numbers masked
        return pii.mask_phone(obj.person.phone)


class MemberFilterQuery(FilterSchema):
    org: int | None = Field(None, description="工会 id：该工会及其下级")
    q: str | None = Field(None, description="姓名、拼音首字母、手机号、身份证号（精确）或会员编号")
    status: str | None = Field(None, description="active/retained/transferred/left/removed，或 open（在会+保留）")


@router.get("/members/", response=list[MemberOut], summary="会员列表（权限范围内）")
@listed(Cap.MEMBER_VIEW)
def member_list(request: HttpRequest, filters: Query[MemberFilterQuery]) -> object:
    org = access.org_for_user_or_404(request.user, filters.org, Cap.MEMBER_VIEW) if filters.org else None
    # The page's listing: a search is found by id first (at most SEARCH_LIMIT matches), see member_listing.
    return selectors.member_listing(
        request.user, selectors.MemberFilters(q=filters.q or "", org=org, status=filters.status or "")
    ).rows


@router.get("/members/{member_id}", response=MemberOut, summary="会员详情（身份证号脱敏）")
def member_detail(request: HttpRequest, member_id: int) -> Membership:
    return selectors.member_for_user_or_404(request.user, member_id)


class JoinIn(Schema):
    org: int = Field(description="加入的基层工会 id")
    name: str
    id_number: str
    phone: str = ""
    employment_form: str = "standard"
    is_migrant: bool = False
    joined_on: IsoDate | None = None
    employer: int | None = Field(None, description="工作单位 id")


def _employer(request: HttpRequest, employer_id: int | None) -> Employer | None:
    if employer_id is None:
        return None

    return access.get_for_user_or_404(
        request.user, Cap.EMPLOYER_VIEW, Employer.objects.all(), employer_id, access.EMPLOYER_SCOPE
    )


@router.post(
    "/members/",
    response={201: MemberOut},
    summary="登记入会（已是其他工会会员时返回 409 member_elsewhere；不在权限范围内的工会不予说明，请申请接转）",
)
def member_join(request: HttpRequest, payload: JoinIn) -> Status:
    org = access.org_for_user_or_404(request.user, payload.org, Cap.MEMBER_VIEW)
    employer = _employer(request, payload.employer)
    person = services.PersonData(
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        employment_form=payload.employment_form,
        is_migrant=payload.is_migrant,
    )
    membership = services.member_join(
        actor=request.user, org=org, person=person, joined_on=payload.joined_on, employer=employer
    )
    return Status(201, selectors.member_for_user_or_404(request.user, membership.pk))


class MemberTransferIn(Schema):
    org: int = Field(description="转入的基层工会 id")
    on: IsoDate | None = None
    note: str = ""


@router.post("/members/{member_id}/transfer", response=MemberOut, summary="会员关系接转")
def member_transfer(request: HttpRequest, member_id: int, payload: MemberTransferIn) -> Membership:
    membership = selectors.member_for_user_or_404(request.user, member_id)
    target = access.org_for_user_or_404(request.user, payload.org, Cap.MEMBER_VIEW)
    new = services.member_transfer(
        actor=request.user, membership=membership, to_org=target, on=payload.on, note=payload.note
    )
    return selectors.member_for_user_or_404(request.user, new.pk)


# --- transfer requests (会员关系接转申请): a member outside the caller's reach is asked for, never taken ---


class TransferRequestOut(Schema):
    id: int
    status: str
    source: str
    name: str = Field(alias="person.name")
    id_number: str = Field(alias="person.id_number_masked", description="身份证号（脱敏）")
    from_org: int | None = Field(None, description="转出工会 id；不在权限范围内时为空")
    to_org: int = Field(alias="to_org_id")
    requested_at: datetime
    decided_at: datetime | None = None
    reason: str = ""
    member: int | None = Field(None, alias="membership_id", description="接转后的会籍 id（同意或确认之后）")

    @staticmethod
    def resolve_from_org(obj: TransferRequest, context: dict[str, Any]) -> int | None:
        # A union outside the caller's reach is never named, not even by its id.
        user = context["request"].user
        return obj.from_org_id if access.reach(user, Cap.MEMBER_VIEW).covers(obj.from_org.path) else None


class TransferRequestIn(Schema):
    org: int = Field(description="转入的基层工会 id")
    name: str
    id_number: str
    note: str = ""
    employer: int | None = Field(None, description="工作单位 id")


class TransferFilterQuery(FilterSchema):
    status: str | None = Field(None, description="pending/approved/confirmed/rejected/cancelled/lapsed")


@router.get(
    "/members/transfers/", response=list[TransferRequestOut], summary="会员关系接转申请（转出或转入在权限范围内）"
)
@listed(Cap.MEMBER_VIEW)
def transfer_request_list(request: HttpRequest, filters: Query[TransferFilterQuery]) -> object:
    qs = selectors.transfer_requests_for(request.user).order_by("-requested_at", "-id")
    return qs.filter(status=filters.status) if filters.status else qs


@router.post(
    "/members/transfers/", response={201: TransferRequestOut}, summary="申请会员关系接转（原工会同意或职工确认后生效）"
)
def transfer_request_create(request: HttpRequest, payload: TransferRequestIn) -> Status:
    org = access.org_for_user_or_404(request.user, payload.org, Cap.MEMBER_VIEW)
    found = transfer_services.transfer_request_create(
        actor=request.user,
        to_org=org,
        person=services.PersonData(name=payload.name, id_number=payload.id_number),
        note=payload.note,
        employer=_employer(request, payload.employer),
        source=TransferRequest.Source.API,
    )
    return Status(201, found)


@router.get("/members/transfers/{request_id}", response=TransferRequestOut, summary="一条接转申请")
def transfer_request_detail(request: HttpRequest, request_id: int) -> TransferRequest:
    return selectors.transfer_request_for_user_or_404(request.user, request_id)


@router.post("/members/transfers/{request_id}/approve", response=TransferRequestOut, summary="原工会同意接转")
def transfer_request_approve(request: HttpRequest, request_id: int) -> TransferRequest:
    found = selectors.transfer_request_for_user_or_404(request.user, request_id)
    return transfer_services.transfer_request_approve(actor=request.user, request=found)


class RejectIn(Schema):
    reason: str


@router.post("/members/transfers/{request_id}/reject", response=TransferRequestOut, summary="原工会不同意接转")
def transfer_request_reject(request: HttpRequest, request_id: int, payload: RejectIn) -> TransferRequest:
    found = selectors.transfer_request_for_user_or_404(request.user, request_id)
    return transfer_services.transfer_request_reject(actor=request.user, request=found, reason=payload.reason)


@router.post("/members/transfers/{request_id}/cancel", response=TransferRequestOut, summary="转入工会撤回接转申请")
def transfer_request_cancel(request: HttpRequest, request_id: int) -> TransferRequest:
    found = selectors.transfer_request_for_user_or_404(request.user, request_id)
    return transfer_services.transfer_request_cancel(actor=request.user, request=found)
