"""Excel out: a streamed workbook in which no cell can become a formula."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A text that would start a formula (= + - @) when edited in Excel gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_workbook(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1", target: str | None = None
) -> IO[bytes]:
    """Write rows in constant memory, to `target` (a path) or to a temporary file returned rewound for streaming."""
    out: Any = target if target is not None else tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, title in enumerate(headers):
        ws.write_string(0, col, title, bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_string(r, col, "是" if value else "否")
            elif isinstance(value, (int, float)):
                ws.write_number(r, col, value)
            elif isinstance(value, datetime):
                ws.write_string(r, col, value.strftime("%Y-%m-%d %H:%M"))
            elif isinstance(value, date):
                ws.write_datetime(r, col, datetime(value.year, value.month, value.day), date_fmt)
            else:
                ws.write_string(r, col, safe_text(str(value)))
    book.close()
    if target is not None:
        return open(target, "rb")  # noqa: SIM115  (the caller closes it)
    out.seek(0)
    return out
