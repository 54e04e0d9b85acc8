"""/api/v1/assistance/deliveries/: the 十送 log, scoped like the pages, newest first.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from unionhall.api.fields import IsoDate
from unionhall.api.pagination import MAX_OFFSET
from unionhall.core.errors import NotFound
from unionhall.core.money import yuan
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.ten_services import selectors
from unionhall.ten_services.selectors import DeliveryFilters

router = Router(tags=["十送"])
MAX_LIMIT = 500


class DeliveryQuery(Schema):
    kind: str = Field("", description="类别，如 warmth、culture")
    date_from: IsoDate | None = Field(None, description="起始日期（含）")
    date_to: IsoDate | None = Field(None, description="截止日期（含）")
    org: str = Field("", description="组织编码，含其全部下级")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class DeliveryOut(Schema):
    id: int
    org_id: int
    org_code: str
    org_name: str
    kind: str
    kind_label: str
    delivered_on: date
    title: str
    beneficiary_count: int
    named_beneficiaries: int = Field(description="具名登记的受益人数（不返回身份证号）")
    cost: str = Field(description="费用，元，两位小数的字符串")


class DeliveryPage(Schema):
    count: int
    items: list[DeliveryOut]


@router.get("/assistance/deliveries/", response=DeliveryPage, summary="十送服务记录列表")
def delivery_list(request: HttpRequest, q: Query[DeliveryQuery]) -> dict[str, Any]:
    if not access.has_cap_anywhere(request.user, Cap.ASSISTANCE_VIEW):
        raise NotFound()
    filters = DeliveryFilters(kind=q.kind, date_from=q.date_from, date_to=q.date_to)
    if q.org:
        filters.org = org_selectors.org_by_code(request.user, q.org, Cap.ASSISTANCE_VIEW)
        if filters.org is None:
            raise NotFound("在您的权限范围内没有这个编码的组织。")
    qs = selectors.delivery_list(request.user, filters)
    rows = qs.annotate(named=Count("beneficiaries"))[q.offset : q.offset + q.limit]
    return {
        "count": qs.count(),
        "items": [
            {
                "id": d.pk,
                "org_id": d.org_id,
                "org_code": d.org.code,
                "org_name": d.org.name,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "delivered_on": d.delivered_on,
                "title": d.title,
                "beneficiary_count": d.beneficiary_count,
                "named_beneficiaries": d.named,
                "cost": yuan(d.cost_fen),
            }
            for d in rows
        ],
    }
