"""A list page declared once: who may open it, its filtered rows, its sortable columns, its template and
its export.

Every module's list page did the same steps in the same order (STYLE.md: filterable, sortable, paged,
exportable): refuse who may not open it, bind the filter form from the query string, sort by the asked
column, then either draw one page or write the same rows to Excel. A module now declares what differs:

    DELIVERIES = ListPage(
        guard=access.needs(Cap.ASSISTANCE_VIEW),
        rows=_rows,  # request → (bound filter form, the rows it keeps in the user's reach)
        sorts={"date": ("delivered_on",), ...},
        template="ten_services/list.html",
        more=lambda request, page: {"can_record": ...},
        export=Export(name="十送服务记录", action="delivery.export", headers=HEADERS, row=_row),
    )
    delivery_list, delivery_export = list_view(DELIVERIES), export_view(DELIVERIES)

The export writes the rows the list shows, in its order, so a filter never exports more than it shows.
Core imports no app: the guard is a plain callable (orgs/access.needs makes the capability ones).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from unionhall.core import versions
from unionhall.core.excel import excel_download
from unionhall.core.paging import Sorts, paginate, query_without_page, sort

Rows = Callable[[HttpRequest], tuple[Any, QuerySet[Any]]]
Fetch = Callable[[QuerySet[Any]], QuerySet[Any]]


def _as_is(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs


def _nothing(request: HttpRequest, page: Any) -> Mapping[str, Any]:
    return {}


# An exported column: its header and what it shows of one row, side by side so they cannot drift apart.
Column = tuple[str, Callable[[Any], Any]]


@dataclass(frozen=True)
class Export:
    """The list's Excel: sheet and file `name`, one audit `action`, its `columns` — or, for an export
    that judges rows against the time ("overdue"), a function of the export's one moment making them, so
    every row is judged alike. `fetch` adds what the rows read beyond the list (prefetches); `named`: the
    module's exports share one audit action, so the event names the list beside its filters."""

    name: str
    action: str
    columns: Sequence[Column] | Callable[[datetime], Sequence[Column]]
    fetch: Fetch = _as_is
    named: bool = False
    chunk: int = 2000

    def response(self, request: HttpRequest, objects: Iterable[Any]) -> FileResponse:
        """The download of `objects`, one row each, and its audit event."""
        columns = self.columns(timezone.now()) if callable(self.columns) else self.columns
        getters = [get for _, get in columns]
        return excel_download(
            request,
            name=self.name,
            headers=[header for header, _ in columns],
            rows=([get(obj) for get in getters] for obj in objects),
            action=self.action,
            changes={"list": self.name, "filters": request.GET.dict()} if self.named else None,
        )


@dataclass(frozen=True)
class ListPage:
    """`guard(user)` raises when the page does not exist for the user (404) or is not theirs (403);
    `rows(request)` binds the filter form and keeps the rows it selects; `fetch` adds what one page's rows
    read; `more(request, page)` is what the template needs besides form, page and query."""

    guard: Callable[[Any], None]
    rows: Rows
    sorts: Sorts
    template: str = ""
    default: str = ""
    fetch: Fetch = _as_is
    more: Callable[[HttpRequest, Any], Mapping[str, Any]] = _nothing
    export: Export | None = None
    # The rows alone (`{{ rows }}` in the page), drawn once per `kept_by(request)` — the user's reach — and
    # query until a table they read changes (core/versions.py). Only for rows that show the same to everyone
    # of one reach: nothing of the user's own, nothing judged against the clock.
    rows_template: str = ""
    kept_by: Callable[[HttpRequest], Hashable] | None = None
    # What the rows template needs besides the page (drawn inside the keeping, so what it reads is counted).
    rows_context: Callable[[HttpRequest, Any], Mapping[str, Any]] = _nothing

    def sorted_rows(self, request: HttpRequest) -> tuple[Any, QuerySet[Any]]:
        """The guard, the bound filter form and its rows in the asked order."""
        self.guard(request.user)
        form, qs = self.rows(request)
        return form, sort(request, qs, self.sorts, self.default)

    def context(self, request: HttpRequest) -> dict[str, Any]:
        form, qs = self.sorted_rows(request)
        page = paginate(request, self.fetch(qs))
        context = {"form": form, "page": page, "query": query_without_page(request)}
        if self.rows_template:
            context["rows"] = self.drawn_rows(request, page)
        return context | dict(self.more(request, page))

    def drawn_rows(self, request: HttpRequest, page: Any) -> str:
        return drawn_rows(
            request, self.rows_template, lambda: {"page": page, **self.rows_context(request, page)}, self.kept_by
        )

    def download(self, request: HttpRequest) -> FileResponse:
        export = self.export
        assert export is not None, "a list without an export has no export route"
        _, qs = self.sorted_rows(request)
        return export.response(request, export.fetch(qs).iterator(chunk_size=export.chunk))


def list_view(listing: ListPage) -> Callable[[HttpRequest], HttpResponse]:
    """The list page's view: one page of the filtered, sorted rows drawn with its template."""

    @require_GET
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, listing.template, listing.context(request))

    return view


def export_view(listing: ListPage) -> Callable[[HttpRequest], FileResponse]:
    """The list's export view: the same rows as the page shows, every page of them."""
    return rows_export_view(listing.download)


def rows_export_view(download: Callable[[HttpRequest], FileResponse]) -> Callable[[HttpRequest], FileResponse]:
    """An export's GET view, for lists built in Python too: `download(request)` refuses who may not
    export and answers with `Export.response` of the rows."""

    @require_GET
    @login_required
    def view(request: HttpRequest) -> FileResponse:
        return download(request)

    return view


def drawn_rows(
    request: HttpRequest,
    template: str,
    context: Callable[[], Mapping[str, Any]],
    kept_by: Callable[[HttpRequest], Hashable] | None,
) -> str:
    """A list's rows drawn with `template`, kept per `kept_by(request)` (the reach) and query until a table
    they read changes (core/versions.py); drawn each time when `kept_by` is None."""

    def draw() -> str:
        return render_to_string(template, dict(context()))

    if kept_by is None or not versions.keeping():
        return draw()  # (kept_by may cost queries of its own: not asked when nothing could be kept)
    query = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists()))
    return versions.kept(f"rows:{template}", (kept_by(request), query), draw)
