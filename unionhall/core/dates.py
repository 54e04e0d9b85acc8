"""Calendar arithmetic that needs no time zone (core may import nothing above it); days in Shanghai, month
bounds and working days are in unionhall/workcalendar/workdays.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Func, IntegerField


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- dates as day numbers in SQL ------------------------------------------------------------------

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01: what `DayNumber` gives for the same day in SQL."""
    return (day - EPOCH).days


def from_day_number(n: int) -> date:
    return EPOCH + timedelta(days=n)


class DayNumber(Func):
    """A date column as days since 1970-01-01 (NULL stays NULL), so that due dates and days overdue are plain
    integer arithmetic that reads the same on PostgreSQL (date − date is an integer) and SQLite (julianday)."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)
