"""The guard against N+1 on lists: one request's queries are counted, rows are added, the request is counted again.

Each app's `tests/test_query_counts.py` calls `assert_queries_do_not_grow` with a request, a way to add rows
(spread over different units, employers, statuses, so that a lookup per row or per distinct relation shows)
and a way to count the rows the response shows, so the guard fails if the added rows never appear.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook


@dataclass
class Counted:
    """A response with its body read to the end, and the SQL the request ran meanwhile."""

    response: Any
    body: bytes
    queries: list[str]

    @property
    def text(self) -> str:
        return self.body.decode()


def counted(fetch: Callable[[], Any]) -> Counted:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
        # A streamed export may still read while it streams: drain it inside the count.
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return Counted(response, body, [q["sql"] for q in ctx.captured_queries])


def assert_queries_do_not_grow(
    fetch: Callable[[], Any], *, grow: Callable[[], object], rows: Callable[[Counted], int]
) -> tuple[int, int]:
    """Rows shown before and after `grow()`; fails unless more rows cost exactly the same queries.

    A first request, not counted, warms what is done once (a settings row created on first read, caches).
    """
    warm = counted(fetch)
    assert warm.response.status_code == 200, warm.response.status_code
    before = counted(fetch)
    grow()
    after = counted(fetch)
    assert after.response.status_code == 200, after.response.status_code
    shown = rows(before), rows(after)
    assert shown[1] > shown[0], f"the added rows are not shown: {shown[0]} rows before, {shown[1]} after"
    if len(after.queries) != len(before.queries):
        diff = "\n".join(difflib.unified_diff(before.queries, after.queries, "before", "after", lineterm="", n=0))
        raise AssertionError(
            f"{len(before.queries)} queries for {shown[0]} rows, {len(after.queries)} for {shown[1]}:\n{diff}"
        )
    return shown


# --- counting what a response shows ---------------------------------------------------------------


def links(url_name: str) -> Callable[[Counted], int]:
    """Links to one kind of detail page (`orgs:detail` → `/orgs/<pk>/`) in an HTML page."""
    placeholder = 987654321
    pattern = re.escape('href="' + reverse(url_name, args=[placeholder]) + '"').replace(str(placeholder), r"\d+")
    return lambda c: len(re.findall(pattern, c.text))


def json_items(key: str = "items") -> Callable[[Counted], int]:
    return lambda c: len(c.response.json()[key])


def sheet_rows(c: Counted) -> int:
    """Data rows of an Excel export (the header row not counted)."""
    return len(CalamineWorkbook.from_filelike(io.BytesIO(c.body)).get_sheet_by_index(0).to_python()) - 1


def sheet_text(c: Counted) -> str:
    """Every cell of an Excel export, for checking what it must not hold."""
    rows = CalamineWorkbook.from_filelike(io.BytesIO(c.body)).get_sheet_by_index(0).to_python()
    return " ".join(str(cell) for row in rows for cell in row)
