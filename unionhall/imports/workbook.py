"""The workbook of rows that did not go in: the file's own header and cells as read, plus a last column
「错误」 with every message of the row joined by "；". Written through core.excel.write_workbook, so no
cell can turn into a formula; corrected, it can be imported again as it is."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any

from unionhall.core.excel import write_workbook
from unionhall.imports.validation import cell_text

ERROR_HEADER = "错误"


def _plain(value: Any) -> Any:
    """Cells as read, in a type the writer keeps: text, numbers, dates (times and durations as text)."""
    if value is None or isinstance(value, (str, bool, int, float, datetime, date)):
        return value
    return cell_text(value)


def _used(cells: Sequence[Any]) -> int:
    """How many columns a row uses: trailing empty cells do not count."""
    used = len(cells)
    while used and cells[used - 1] in ("", None):
        used -= 1
    return used


def write_error_workbook(
    rows: Mapping[int, Sequence[Any]], header_row: int, messages: Sequence[tuple[int, str]]
) -> IO[bytes]:
    """`rows` maps Excel row numbers (from 1) to their cells as read, and holds at least the header row
    and the rows of `messages`, which are (row number, text)."""
    header = [cell_text(c) for c in rows.get(header_row + 1, [])]
    width = max([_used(header), *(_used(rows.get(n, [])) for n, _ in messages)], default=0)

    def body() -> Iterator[list[Any]]:
        for number, text in messages:
            cells = [_plain(c) for c in list(rows.get(number, []))[:width]]
            yield [*cells, *([""] * (width - len(cells))), text]

    headers = [*(header + [""] * (width - len(header)))[:width], ERROR_HEADER]
    return write_workbook(headers, body(), sheet="错误行")
