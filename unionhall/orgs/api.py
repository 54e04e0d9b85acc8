"""/api/v1/orgs/ and /api/v1/employers/: read-only for now, scoped exactly like the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema

from unionhall.api.routes import listed
from unionhall.orgs import access, selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgUnit

router = Router(tags=["组织"])


class OrgOut(Schema):
    id: int
    code: str
    name: str
    level: str
    kind: str
    status: str
    parent: int | None = Field(None, description="上级组织 id（市总工会为 null）")
    path: str = Field(description="物化路径；子树 = 以此为前缀")
    division: str | None = Field(None, alias="division_id")
    term_ends_on: date | None = None

    @staticmethod
    def resolve_parent(obj: OrgUnit) -> int | None:
        return getattr(obj, "parent_id", None)


class OrgDetailOut(OrgOut):
    address: str
    founded_on: date | None
    term_years: int | None
    term_started_on: date | None
    chair_name: str
    employee_count: int
    election_overdue: bool
    children: int = Field(alias="numchild")


class OrgFilters(FilterSchema):
    level: str | None = None
    parent: int | None = None
    q: str | None = None


@router.get("/orgs/", response=list[OrgOut], summary="组织列表（权限范围内）")
@listed(Cap.ORG_VIEW)
def org_list(request: HttpRequest, filters: Query[OrgFilters]) -> QuerySet[OrgUnit]:
    parent = access.org_for_user_or_404(request.user, filters.parent) if filters.parent is not None else None
    qs = selectors.org_search(request.user, filters.q or "", level=filters.level or "", parent=parent)
    return selectors.with_parent_id(qs)


@router.get("/orgs/{org_id}", response=OrgDetailOut, summary="组织详情")
def org_detail(request: HttpRequest, org_id: int) -> OrgUnit:
    unit = access.org_for_user_or_404(request.user, org_id)
    return selectors.with_parent_id(OrgUnit.objects.filter(pk=unit.pk)).get()


class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    ownership: str
    industry: str
    division: str | None = Field(None, alias="division_id")
    employee_count: int
    registered_on: date | None
    opened_on: date | None
    org: int = Field(alias="org_id")
    union: int | None = Field(None, alias="union_id")


class EmployerFilterQuery(FilterSchema):
    q: str | None = None
    org: int | None = Field(None, description="组织 id：该组织子树内的单位")
    covered: bool | None = Field(None, description="true 已建会 / false 未建会")
    min_employees: int | None = None


@router.get("/employers/", response=list[EmployerOut], summary="用人单位列表（权限范围内）", tags=["用人单位"])
@listed(Cap.EMPLOYER_VIEW)
def employer_list(request: HttpRequest, filters: Query[EmployerFilterQuery]) -> object:
    org = access.org_for_user_or_404(request.user, filters.org, Cap.EMPLOYER_VIEW) if filters.org else None
    covered = "" if filters.covered is None else ("yes" if filters.covered else "no")
    return selectors.employer_list(
        request.user,
        selectors.EmployerFilters(q=filters.q or "", org=org, covered=covered, min_employees=filters.min_employees),
    )


@router.get("/employers/{employer_id}", response=EmployerOut, summary="用人单位详情", tags=["用人单位"])
def employer_detail(request: HttpRequest, employer_id: int) -> Employer:
    return access.get_for_user_or_404(
        request.user, Cap.EMPLOYER_VIEW, Employer.objects.all(), employer_id, access.EMPLOYER_SCOPE
    )
