"""/api/v1/coverage/{org_id}: a node's coverage counts and rates, and each direct child's, scoped like the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from unionhall.coverage import selectors
from unionhall.coverage.selectors import Counts, NodeCoverage
from unionhall.orgs import access
from unionhall.orgs.access import Cap

router = Router(tags=["全面覆盖"])


class CountsOut(Schema):
    employers: int = Field(description="职工人数达到统计规模的用人单位（按属地）")
    employers_covered: int = Field(description="其中已建会（由工会覆盖）的单位")
    unionization_rate: float | None = Field(description="建会率 = 已建会单位 / 达到规模的单位；无单位时为 null")
    covered_employees: int = Field(description="已建会单位的职工人数（按覆盖工会）")
    members: int = Field(description="会员（在会与保留会籍）")
    membership_rate: float | None = Field(description="入会率 = 会员 / 已建会单位职工")
    platform_members: int = Field(description="新就业形态会员")
    villages: int = Field(description="行政村")
    villages_with_union: int
    village_rate: float | None
    communities: int = Field(description="社区")
    communities_with_union: int
    community_rate: float | None


class NodeOut(Schema):
    id: int
    code: str
    name: str
    level: str
    status: str
    total: CountsOut = Field(description="本级及全部下级合计")
    own: CountsOut = Field(description="直接计在本级的部分；合计 = 本级 + 各直属下级合计")


class SettingsOut(Schema):
    size_threshold: int
    sync_since: date
    sync_found_days: int
    sync_join_rate: float


class CoverageOut(Schema):
    node: NodeOut
    children: list[NodeOut]
    settings: SettingsOut


def _counts(c: Counts) -> dict[str, Any]:
    rates = {k: None if v is None else float(v) for k, v in c.rates().items()}
    return c.as_dict() | rates


def _node(n: NodeCoverage) -> dict[str, Any]:
    return {
        "id": n.id,
        "code": n.code,
        "name": n.name,
        "level": n.level,
        "status": n.status,
        "total": _counts(n.total),
        "own": _counts(n.own),
    }


@router.get("/coverage/{org_id}", response=CoverageOut, summary="覆盖情况：本级与各直属下级的数量和比率")
def coverage_node(request: HttpRequest, org_id: int) -> dict[str, Any]:
    unit = access.org_for_user_or_404(request.user, org_id, Cap.COVERAGE_VIEW)
    view = selectors.coverage_of(request.user, unit)
    cfg = view.settings
    return {
        "node": _node(view.node),
        "children": [_node(c) for c in view.children],
        "settings": {
            "size_threshold": cfg.size_threshold,
            "sync_since": cfg.sync_since,
            "sync_found_days": cfg.sync_found_days,
            "sync_join_rate": float(cfg.sync_join_rate),
        },
    }
