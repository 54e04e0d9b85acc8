"""/api/v1/assistance/archives/: the scoped list of hardship archives (ID masked), one archive, and filing a
draft through the same service as the page; the disbursements' routes (disbursements/api.py) join here.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema, Status

from unionhall.api.fields import Yuan
from unionhall.api.routes import listed
from unionhall.assistance import selectors, services
from unionhall.assistance.disbursements import api as disbursements_api
from unionhall.assistance.models import HardshipFile
from unionhall.core.money import parse_yuan
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer

router = Router(tags=["帮扶"])
# /assistance/disbursements/: the archive's payments, under the money's tag they have always had
router.add_router("", disbursements_api.router, tags=disbursements_api.router.tags)


class ArchiveOut(Schema):
    id: int
    no: str = Field(description="档案编号")
    name: str = Field(alias="person.name", description="职工姓名")
    id_number: str = Field(alias="person.id_number_masked", description="身份证号（脱敏）")
    org: int = Field(alias="org_id", description="建档工会 id")
    status: str = Field(description="draft/submitted/verified/notice/approved/rejected/exited/returned")
    category: str = Field(description="deep/relative/accident/none（认定类别）")
    computed_category: str = Field(description="按城市标准测算的类别")
    category_overridden: bool
    causes: list[str]
    household_size: int
    monthly_income: Yuan = Field(alias="monthly_income_fen", description="家庭月收入（元，两位小数的字符串）")
    per_capita_income: Yuan = Field(alias="per_capita_fen", description="人均月收入（元）")
    bank_account: str = Field(alias="bank_account_masked", description="银行卡号（脱敏）")
    notice_starts_on: date | None = None
    notice_ends_on: date | None = None
    approved_on: date | None = None
    verified_on: date | None = None
    exited_on: date | None = None

    @staticmethod
    def resolve_category_overridden(obj: HardshipFile) -> bool:
        return bool(obj.category_override_reason)


class ArchiveFilterQuery(FilterSchema):
    org: int | None = Field(None, description="工会 id：该工会及其下级")
    status: str | None = None
    category: str | None = None


@router.get("/assistance/archives/", response=list[ArchiveOut], summary="困难职工档案列表")
@listed(Cap.ASSISTANCE_VIEW)
def archive_list(request: HttpRequest, filters: Query[ArchiveFilterQuery]) -> Any:
    org = access.org_for_user_or_404(request.user, filters.org, Cap.ASSISTANCE_VIEW) if filters.org else None
    return selectors.archive_list(
        request.user,
        selectors.ArchiveFilters(status=filters.status or "", category=filters.category or "", org=org),
    )


@router.get("/assistance/archives/{archive_id}", response=ArchiveOut, summary="档案详情")
def archive_detail(request: HttpRequest, archive_id: int) -> HardshipFile:
    return selectors.archive_for_user_or_404(request.user, archive_id)


class ArchiveIn(Schema):
    org: int = Field(description="建档的基层工会 id")
    name: str
    id_number: str
    phone: str = ""
    address: str = ""
    employer: int | None = Field(None, description="工作单位 id")
    causes: list[str] = Field(description="致困原因：illness/disability/unemployment/disaster/education/...")
    description: str = ""
    household_size: int = 1
    monthly_income: str = Field("0", description="家庭月收入（元）")
    bank_name: str = ""
    bank_account: str = ""
    category: str = Field("", description="人工认定类别；与测算不同时须有 category_override_reason")
    category_override_reason: str = ""


@router.post("/assistance/archives/", response={201: ArchiveOut}, summary="新建困难职工档案（草稿）")
def archive_create(request: HttpRequest, payload: ArchiveIn) -> Status:
    org = access.org_for_user_or_404(request.user, payload.org, Cap.ASSISTANCE_VIEW)
    employer = None
    if payload.employer is not None:
        employer = access.get_for_user_or_404(
            request.user, Cap.EMPLOYER_VIEW, Employer.objects.all(), payload.employer, access.EMPLOYER_SCOPE
        )
    income = parse_yuan(payload.monthly_income, field="monthly_income", allow_zero=True)
    # The body's other fields are the service's own, by name: org, employer and income are resolved above.
    typed = payload.model_dump(exclude={"org", "employer", "monthly_income"})
    file = services.hardship_file_create(
        actor=request.user, org=org, employer=employer, monthly_income_fen=income, **typed
    )
    return Status(201, selectors.archive_for_user_or_404(request.user, file.pk))
