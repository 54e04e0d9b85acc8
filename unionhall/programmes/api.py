"""/api/v1/assistance/programmes/: the city's programmes (帮扶项目), whose ids a disbursement request names.

Programmes are the city's, not a unit's: whoever reads assistance anywhere reads them all, as on the
programmes page (programmes/selectors.py).

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema

from unionhall.api.routes import listed
from unionhall.assistance.models import Programme
from unionhall.programmes import selectors

router = Router(tags=["帮扶"])


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(description="living/medical/warmth/education/employment")
    fund: str | None = Field(None, description="资金编码；不限资金时为 null（申请时选该资金的预算）")
    active: bool = Field(description="停用的项目不能再申请")
    description: str

    @staticmethod
    def resolve_fund(obj: Programme) -> str | None:
        return obj.fund.code if obj.fund is not None else None


class ProgrammeFilterQuery(FilterSchema):
    active: bool | None = Field(None, description="true：只看启用的项目")
    kind: str | None = None


@router.get("/assistance/programmes/", response=list[ProgrammeOut], summary="帮扶项目列表（全市统一设置，启用的在前）")
@listed()
def programme_list(request: HttpRequest, filters: Query[ProgrammeFilterQuery]) -> QuerySet[Programme]:
    found = selectors.programme_list(request.user, active_only=bool(filters.active))
    return found.filter(kind=filters.kind) if filters.kind else found


@router.get("/assistance/programmes/{programme_id}", response=ProgrammeOut, summary="帮扶项目详情")
def programme_detail(request: HttpRequest, programme_id: int) -> Programme:
    return selectors.programme_get(request.user, programme_id)
