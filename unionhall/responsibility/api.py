"""/api/v1/responsibility/: who answers for a unit's line of work, and the city's lines (whose codes the
question takes). Scoped like the pages: a unit out of the caller's reach answers 404.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from unionhall.api.routes import listed
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.responsibility import selectors
from unionhall.responsibility.answers import who_answers
from unionhall.responsibility.models import Line

router = Router(tags=["包片定点"])


class LineOut(Schema):
    code: str = Field(description="管线代码（查询负责人时使用）")
    name: str
    order: int


class WhoQuery(Schema):
    org: int = Field(description="单位 id")
    line: str = Field(description="管线代码，见 /responsibility/lines/")


class WhoOut(Schema):
    user: int | None = Field(description="负责干部的用户 id；无人负责时为 null")
    name: str = Field(description="负责干部：姓名（单位+角色）")
    basis: str = Field(description="依据：定点联系 / 包片 / 默认；无人负责时为 未明确")


@router.get("/responsibility/lines/", response=list[LineOut], summary="管线列表（全市统一的工作条线）")
@listed(Cap.RESPONSIBILITY_VIEW)
def line_list(request: HttpRequest) -> QuerySet[Line]:
    return selectors.lines()


@router.get("/responsibility/who", response=WhoOut, summary="谁负责：某单位某管线的负责干部及依据")
def responsibility_who(request: HttpRequest, query: Query[WhoQuery]) -> dict[str, Any]:
    unit = access.org_for_user_or_404(request.user, query.org, Cap.RESPONSIBILITY_VIEW)
    line = selectors.line_or_404(query.line)
    answer = who_answers(unit, line.code)
    if answer is None:
        return {"user": None, "name": "", "basis": "未明确"}
    return {"user": answer.user.pk, "name": answer.label, "basis": answer.basis}
