"""/api/v1/assistance/funds/ and /api/v1/assistance/budgets/: the funds a budget is kept in, budgets in yuan
decimal strings. The disbursements under /api/v1/assistance/disbursements/ are the archive's
(assistance/disbursements/api.py).

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from unionhall.api.pagination import PageNumberPagination
from unionhall.core.errors import NotFound
from unionhall.core.money import yuan
from unionhall.funds import selectors
from unionhall.funds.models import Budget, Fund
from unionhall.orgs import access
from unionhall.orgs.access import Cap

router = Router(tags=["帮扶资金"])


class FundOut(Schema):
    id: int
    code: str = Field(description="资金编码（预算列表按此筛选）")
    name: str
    active: bool


@router.get("/assistance/funds/", response=list[FundOut], url_name="fund_list", summary="资金列表（全市统一设置）")
@paginate(PageNumberPagination, page_size=50)
def fund_list(request: HttpRequest) -> QuerySet[Fund]:
    # The city's funds are one list for everyone who reads budgets anywhere, as the budget page's filter.
    if not access.has_cap_anywhere(request.user, Cap.FUNDS_VIEW):
        raise NotFound()
    return Fund.objects.order_by("code")


class BudgetOut(Schema):
    id: int
    fund: str = Field(description="资金编码")
    fund_name: str
    year: int
    org: int = Field(description="单位 id")
    org_name: str
    parent: int | None = Field(description="上级预算 id；市级预算为 null")
    amount: str = Field(description="预算额（元，两位小数的字符串）")
    allocated: str = Field(description="已下拨给下级（元）")
    spent: str = Field(description="已支出（已批准、已支付的救助）（元）")
    remaining: str = Field(description="可用余额 = 预算额 − 已下拨 − 已支出（元）")


def _budget(b: Budget) -> dict[str, Any]:
    return {
        "id": b.pk,
        "fund": b.fund.code,
        "fund_name": b.fund.name,
        "year": b.year,
        "org": b.org_id,
        "org_name": b.org.name,
        "parent": b.parent_id,
        "amount": yuan(b.amount_fen),
        "allocated": yuan(b.allocated_fen),
        "spent": yuan(b.spent_fen),
        "remaining": yuan(b.remaining_fen),
    }


@router.get("/assistance/budgets/", response=list[BudgetOut], url_name="budget_list", summary="预算列表（权限范围内）")
def budget_list(request: HttpRequest, year: int | None = None, fund: str | None = None) -> list[dict[str, Any]]:
    if not access.has_cap_anywhere(request.user, Cap.FUNDS_VIEW):
        raise NotFound()
    the_fund = None
    if fund:
        from unionhall.funds.models import Fund

        the_fund = Fund.objects.filter(code=fund).first()
        if the_fund is None:
            return []
    return [_budget(b) for b in selectors.budgets_for(request.user, year=year, fund=the_fund)[:1000]]


@router.get("/assistance/budgets/{budget_id}", response=BudgetOut, url_name="budget_detail", summary="预算详情")
def budget_detail(request: HttpRequest, budget_id: int) -> dict[str, Any]:
    return _budget(selectors.budget_for_user_or_404(request.user, budget_id))
