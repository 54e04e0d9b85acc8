"""Page-number pagination for list pages, without a COUNT over huge tables beyond what is shown."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = PAGE_SIZE, *, count: int | None = None) -> Any:
    """A page of `qs`; `count`, when the caller already knows it (from a kept tally), saves a COUNT(*)."""
    paginator = Paginator(qs, per_page)
    if count is not None:
        vars(paginator)["count"] = count  # Paginator.count is a cached_property: fill its cache
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
