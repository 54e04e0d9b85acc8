"""The API's page-numbered lists: ninja's pagination with the page number bounded.

Unbounded, `?page=250746052925807820800` asked the database for a row offset past what SQLite and
PostgreSQL take (2^63) and answered 500. A billion pages is past any table of the platform (a million
members at the smallest page size), and far below that limit; beyond it the answer is 422 like any other
out-of-range parameter. A list paged by offset bounds the offset the same way (MAX_OFFSET: the last page
at ninja's largest page size, 100).

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

from unionhall.core import versions

MAX_PAGE = 1_000_000_000
MAX_OFFSET = MAX_PAGE * 100


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)

    def _items_count(self, queryset: Any) -> int:
        # The total of a scoped list is asked on every page of it: kept until a table it reads changes.
        if isinstance(queryset, QuerySet):
            return versions.count(queryset.all())
        return super()._items_count(queryset)


class Mapped:
    """A queryset paged by ninja whose rows are answered as `row(obj)` (a dict the response schema reads):
    the page is sliced from the database, and only its rows are mapped."""

    def __init__(self, queryset: Any, row: Callable[[Any], Any]):
        self.queryset = queryset
        self.row = row

    def __len__(self) -> int:
        return versions.count(self.queryset)

    def __getitem__(self, page: slice) -> list[Any]:
        return [self.row(obj) for obj in self.queryset[page]]
