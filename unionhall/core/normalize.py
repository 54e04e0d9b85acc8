"""Normalizing what people type or paste from Excel: full-width characters, stray spaces, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation (ＡＢＣ１２３，) become their ASCII forms; NFKC does exactly that.
    ASCII text is already in that form (a roster import asks this half a million times)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# str.split() and strip() know the same whitespace as the regular expression \s (str.isspace), the ideographic
# space included, and are several times faster on the short texts of a roster's cells.


def compact(text: str) -> str:
    """Half-width, and every space (also the ideographic one) removed: for codes and numbers."""
    return "".join(halfwidth(text or "").split())


def clean_text(text: str) -> str:
    """Half-width, spaces collapsed, trimmed: for names and addresses."""
    return " ".join(halfwidth(text or "").split())


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_GLUED_TIME = re.compile(r"\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}(\.\d+)?")  # "2020-03-05 00:00:00" once compacted
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """A date from an Excel cell: a real date, an Excel serial number, or 2020-3-5 / 2020.3.5 / 2020/03/05 /
    2020年3月5日 / 20200305. Raises ValueError with a Chinese message when it is none of those."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # 1900-01-01 .. 9999-12-31 as Excel serials
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(f"无法识别的日期：{value}")
    return _date_from_text(str(value))


@lru_cache(maxsize=16384)
def _date_from_text(value: str) -> date:
    """Cached: a roster's dates repeat (a union enrolls many on the same day), its rows number 100,000."""
    text = compact(value)
    text = text.split("T")[0]
    if _GLUED_TIME.fullmatch(text):
        text = text[:10]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"日期不存在：{value}") from None
    raise ValueError(f"无法识别的日期：{value}（可写作 2020-3-5、2020.3.5、2020/03/05 或 2020年3月5日）")
