"""Normalizing what people type or paste from Excel: full-width characters, stray spaces, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation (ＡＢＣ１２３，) become their ASCII forms; NFKC does exactly that.
    ASCII text is already in that form (a roster import asks this half a million times)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# str.split() and strip() know the same whitespace as the regular expression \s (str.isspace), the ideographic
# space included, and are several times faster on the short texts of a roster's cells.


def compact(text: str) -> str:
    """Half-width, and every space (also the ideographic one) removed: for codes and numbers."""
    return "".join(halfwidth(text or "").split())


def checked_text(
    errors: dict[str, list[str]], name: str, value: Any, label: str, limit: int, *, required: str = ""
) -> str:
    """A text field of a service's input, trimmed; its error (`required` when empty, else the limit in
    characters) added to `errors` under `name`, for services that give every field's error at once."""
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not text:
        errors[name] = [required]
    elif len(text) > limit:
        errors[name] = [f"{label}不超过 {limit} 字。"]
    return text


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


# --- telephone numbers ------------------------------------------------------------------------------
# One rule for every place a phone is typed or imported: a mobile is 11 digits beginning with 1; a
# landline carries its area code (0 + 2-3 digits; 010 and 02x are the three-digit ones) and a 7-8 digit
# number, optionally an extension. Without a separator the area code's length follows from its digits.

PHONE_MESSAGE = "手机号码为 1 开头的 11 位数字，固定电话须带区号（如 0512-68123456）。"  # no "；": it joins messages
_COUNTRY = re.compile(r"^(?:\+86|0086)-?")
_BRACKETED_AREA = re.compile(r"^\((0\d{2,3})\)-?")
_EXTENSION = r"(?:(?:-|转|分机|ext\.?|#)(\d{1,6}))?"
_LANDLINE_SPLIT = re.compile(r"(0\d{2,3})-([1-9]\d{6,7})" + _EXTENSION)
_LANDLINE_GLUED = re.compile(r"(0[12]\d|0[3-9]\d{2})([1-9]\d{6,7})" + _EXTENSION)


class PhoneError(ValueError):
    """Not a telephone number the platform accepts; the message says what one looks like."""


def normalize_phone(text: str) -> str:
    """A mobile as its 11 digits, a landline as 区号-号码[-分机]; "" when empty; PhoneError otherwise.
    "139 1234 5678", "+86 13912345678", "(0512)68123456" and "051268123456" are all understood."""
    value = _COUNTRY.sub("", compact(text).lower())
    if not value:
        return ""
    value = _BRACKETED_AREA.sub(r"\1-", value)
    digits = value.replace("-", "")
    if digits.isdigit() and len(digits) == 11 and digits[0] == "1":
        return digits
    found = _LANDLINE_SPLIT.fullmatch(value) or _LANDLINE_GLUED.fullmatch(value)
    if found is None:
        raise PhoneError(f"电话号码「{text.strip()}」不正确：{PHONE_MESSAGE}")
    area, number, extension = found.groups()
    return f"{area}-{number}" + (f"-{extension}" if extension else "")
