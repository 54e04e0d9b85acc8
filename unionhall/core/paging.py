"""The list kit: page number, page size and jump, sortable columns, and the query a list keeps.

One place for what every list page does (STYLE.md: filterable, sortable, paged with a page jump,
exportable). A view names its sort keys (`sortable("no", name="person__name_sort")`), calls
`sort(request, qs, SORTS, default=...)` and `paginate(request, qs)`; the template draws headers with
`{% sort_header "name" "姓名" %}` and includes `includes/pagination.html`. Filters, sort and page size ride
along in every link (pages, headers, the export link) because they are read from the query string itself.
A list whose rows are made in Python from a query (三同步, elections) is a `PagedRows` ordered by `then_by`:
the database still sorts, counts and pages it, and only the page's rows are made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import batched
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Func, QuerySet
from django.db.models.functions import Collate
from django.http import HttpRequest

from unionhall.core import versions

PAGE_SIZE = 50
# What the page-size menu offers; anything else asked for falls back to the default, so nobody pulls
# ten thousand rows into one page by editing the address.
PAGE_SIZES = (20, 50, 100)
SORT_PARAM = "sort"
SIZE_PARAM = "per_page"

# Chinese text ordered by its pinyin reading: PostgreSQL's ICU collation; on SQLite members/collation.py
# registers a collation of the same name.
PINYIN_COLLATION = "zh-x-icu"

Sorts = Mapping[str, Sequence[Any]]  # field names, or expressions such as pinyin("name")


def pinyin(field: str) -> Collate:
    """`field` ordered by pinyin, for a name column without a stored key (employers, applicants)."""
    return Collate(field, PINYIN_COLLATION)


class Codepoints(Func):
    """Text ordered by code point, as Python orders `str`: the C collation on PostgreSQL, BINARY on SQLite
    (UTF-8 bytes compare in code-point order). For a tie-break that must equal an order computed in Python."""

    template = '%(expressions)s COLLATE "C"'  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="%(expressions)s COLLATE BINARY", **extra)


def page_size(request: HttpRequest, default: int = PAGE_SIZE) -> int:
    try:
        asked = int(request.GET.get(SIZE_PARAM, ""))
    except ValueError:
        return default
    return asked if asked in PAGE_SIZES else default


def paginate(request: HttpRequest, qs: Any, per_page: int = PAGE_SIZE, *, count: int | None = None) -> Any:
    """A page of `qs` in the size asked (20/50/100, else `per_page`); `count`, when the caller already
    knows it (from a kept tally), saves a COUNT(*)."""
    paginator = Paginator(qs, page_size(request, per_page))
    if count is None and isinstance(qs, QuerySet):
        count = versions.count(qs)  # kept until a table it reads changes: every page of the list asks it
    if count is not None:
        vars(paginator)["count"] = count  # Paginator.count is a cached_property: fill its cache
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def sortable(*same: str, **other: Any) -> dict[str, tuple[Any, ...]]:
    """A list's sort keys: those that sort by the field of their own name, then those that sort by another
    field or an expression (`org="org__path"`, `name=pinyin("name")`, a tuple for several)."""
    keys: dict[str, tuple[Any, ...]] = {name: (name,) for name in same}
    return keys | {name: value if isinstance(value, tuple) else (value,) for name, value in other.items()}


def sort_key(request: HttpRequest, sorts: Mapping[str, Any]) -> str:
    """The sort asked for (`name` or `-name`) when it is one of the list's keys, else ""."""
    asked = request.GET.get(SORT_PARAM, "")
    return asked if asked.removeprefix("-") in sorts else ""


def order_fields(key: str, sorts: Sorts) -> list[Any]:
    """The ORDER BY of a sort key; descending puts empty values last, as a reader expects."""
    name, descending = key.removeprefix("-"), key.startswith("-")
    fields: list[Any] = []
    for field in sorts[name]:
        expression = F(field) if isinstance(field, str) else field
        fields.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    return fields


def sort(request: HttpRequest, qs: QuerySet[Any], sorts: Sorts, default: str = "") -> QuerySet[Any]:
    """`qs` ordered by the asked sort key (or `default`), the primary key last so pages never overlap;
    an unknown key is ignored and the list keeps its own order."""
    key = sort_key(request, sorts) or default
    if not key:
        return qs
    return qs.order_by(*order_fields(key, sorts), "-pk" if key.startswith("-") else "pk")


def then_by(key: str, sorts: Sorts, default: Sequence[Any]) -> list[Any]:
    """The ORDER BY of a list whose default order is `default`: the asked sort key (`order_fields`, empty values
    last either way) and then the default order, so rows that tie on the key keep the order they had, as the
    stable sort of `sort_rows` kept them. No key: the default order."""
    name = key.removeprefix("-")
    return [*(order_fields(key, sorts) if name in sorts else []), *default]


class PagedRows[T]:
    """A list paged by the database that a `Paginator` and an export read like a list: `count` from the
    database, a slice as one query (`rows[a:b]`, its rows made by `make` from a batch of fetched rows),
    iteration over every row in chunks of `chunk` (a streamed export holds one chunk at a time).

    `count` may be given when the caller knows it from another query (a kept tally, a grouped summary)."""

    def __init__(
        self,
        qs: QuerySet[Any],
        make: Callable[[list[Any]], list[T]],
        *,
        count: Callable[[], int] | None = None,
        chunk: int = 2000,
    ) -> None:
        self.qs, self.make, self.chunk = qs, make, chunk
        self._count = count or qs.count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[T]:
        if not isinstance(index, slice):
            raise TypeError("PagedRows is read by slices: one query per page")
        return self.make(list(self.qs[index]))

    def __iter__(self) -> Iterator[T]:
        rows: Iterable[tuple[Any, ...]] = batched(self.qs.iterator(chunk_size=self.chunk), self.chunk)
        for batch in rows:
            yield from self.make(list(batch))


def sort_rows[T](request: HttpRequest, rows: Sequence[T], keys: Mapping[str, Callable[[T], Any]]) -> list[T]:
    """`sort` for lists computed in Python (organizing tasks: a few hundred rows built from several queries):
    the asked key's value per row, empty values last either way; an unknown key keeps the order. A long list
    is a `PagedRows` ordered by `then_by` instead."""
    return sorted_by(rows, sort_key(request, keys), keys)


def sorted_by[T](rows: Sequence[T], key: str, keys: Mapping[str, Callable[[T], Any]]) -> list[T]:
    """`rows` by `key` ("name" or "-name", one of `keys`; "" keeps the order), empty values last either way."""
    if not key:
        return list(rows)
    value = keys[key.removeprefix("-")]
    present = [row for row in rows if value(row) not in (None, "")]
    empty = [row for row in rows if value(row) in (None, "")]
    return sorted(present, key=value, reverse=key.startswith("-")) + empty


def query_without_page(request: HttpRequest) -> str:
    """The query string minus the page: filters, sort and page size, for links that start at page 1."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
