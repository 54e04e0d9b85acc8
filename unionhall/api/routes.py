"""What the API's list routes share: pages numbered and bounded, and the 404 to a caller who holds the
list's capability nowhere (the list would be empty; out of sight answers like missing).

    @router.get("/rights/cases/", response=list[CaseOut], summary="维权案件列表（权限范围内）")
    @listed(Cap.RIGHTS_VIEW)
    def case_list(request, filters: Query[CaseFilterQuery]) -> QuerySet[Case]: ...

A route's name (`url_name`, which reverse() and the authorization table use) is ninja's default, the view's
own name, so routes do not repeat it.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja.pagination import paginate

from unionhall.api.pagination import PageNumberPagination
from unionhall.core.errors import NotFound
from unionhall.orgs import access
from unionhall.orgs.access import Cap

View = TypeVar("View", bound=Callable[..., Any])


def listed(*caps: Cap, page_size: int = 50) -> Callable[[View], View]:
    """A page-numbered list (`?page=`, `?page_size=`); with `caps`, 404 unless the caller holds one of them
    somewhere (checked before the list is read)."""

    def wrap(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if caps and not any(access.has_cap_anywhere(request.user, cap) for cap in caps):
                raise NotFound()
            return view(request, *args, **kwargs)

        return paginate(PageNumberPagination, page_size=page_size)(guarded)

    return wrap
