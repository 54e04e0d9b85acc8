"""The periods of team costs: a calendar month, written `YYYY-MM` ("2026-11") wherever it is stored, typed
or shown. One representation only: a quarter or a year is a range of months, never a period of its own.

What people type is read generously ("2026-11", "2026-1", "2026/11", "2026年11月", "202611") and stored in the
one form; anything else is refused with a Chinese message naming the form expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from unionhall.core.errors import ValidationError
from unionhall.workcalendar import workdays

FIRST_YEAR, LAST_YEAR = 2000, 2100
REFUSAL = "期间应为年月，如 2026-11。"

_TYPED = re.compile(r"^\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))\s*$")


def parse(text: str, *, field: str = "period") -> str:
    """The period typed, as `YYYY-MM`; a ValidationError at `field` otherwise."""
    found = _TYPED.match(str(text or ""))
    if found is None:
        raise ValidationError(field_errors={field: [REFUSAL]})
    year, month = int(found.group(1)), int(found.group(2) or found.group(3))
    if not 1 <= month <= 12:
        raise ValidationError(field_errors={field: [f"月份应为 1—12，现为 {month}。{REFUSAL}"]})
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(field_errors={field: [f"年份应在 {FIRST_YEAR}—{LAST_YEAR} 之间。"]})
    return f"{year:04d}-{month:02d}"


def of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(period: str) -> date:
    year, month = period.split("-")
    return date(int(year), int(month), 1)


def shift(period: str, months: int) -> str:
    return of(workdays.add_months(first_day(period), months))


def current() -> str:
    """This month in Shanghai."""
    return of(workdays.today())


def last() -> str:
    """Last month in Shanghai: the period whose actuals are due."""
    return shift(current(), -1)


def recent(n: int, *, until: str | None = None) -> list[str]:
    """The `n` months up to `until` (this month by default), latest first."""
    end = until or current()
    return [shift(end, -i) for i in range(n)]


def bounds(period: str) -> tuple[datetime, datetime]:
    """The period's first moment and the next month's, in Shanghai (aware datetimes)."""
    return workdays.month_bounds(first_day(period))


def label(period: str) -> str:
    year, month = period.split("-")
    return f"{int(year)}年{int(month)}月"
