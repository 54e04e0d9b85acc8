"""The platform's calendar, in one place: days in Asia/Shanghai, month bounds, and working days.

Working days follow the State Council's yearly holiday arrangement as the `chinesecalendar` package knows
it (public holidays off, 调休 weekend days worked); the city's `Holiday` rows correct or add days and win
over the package; outside the package's years Monday to Friday are working days. `WorkCalendar` is the
pure part (tests build one with any days); `calendar_between` fills it from the package and the table.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils import timezone

from unionhall.workcalendar.models import Holiday

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)

# --- days in Shanghai ------------------------------------------------------------------------------


def localdate(moment: datetime) -> date:
    """The day a moment falls on in Shanghai (a UTC date differs from 16:00 to 24:00 UTC)."""
    return moment.astimezone(SHANGHAI).date()


def today() -> date:
    return localdate(timezone.now())


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st of a shorter month becomes its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, stdlib_calendar.monthrange(year, month)[1]))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of a calendar month in the city's time zone."""
    tz = timezone.get_current_timezone()
    first = month.replace(day=1)
    following = add_months(first, 1)
    return datetime(first.year, first.month, 1, tzinfo=tz), datetime(following.year, following.month, 1, tzinfo=tz)


# --- working days ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkCalendar:
    """Monday to Friday are working days, except `days_off` (public holidays); `days_on` are weekend days
    worked in exchange (调休)."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    days_on: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.days_on:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n ≥ 1); with n = 0, `day` itself."""
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def subtract_working_days(self, day: date, n: int) -> date:
        while n > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day


# The package's tables (date → the holiday's name): days off, weekends inside a holiday included, and weekend
# days worked. Read directly: its is_workday() re-checks the supported years on every call (~0.1 ms a day).
_DAYS_OFF: dict[date, Any] = chinese_calendar.holidays
_DAYS_WORKED: dict[date, Any] = chinese_calendar.workdays
PACKAGE_YEARS = range(min(_DAYS_OFF).year, max(_DAYS_OFF).year + 1)


def official_is_working_day(day: date) -> bool | None:
    """The State Council's answer for the day, or None for a year the package does not know."""
    if day.year not in PACKAGE_YEARS:
        return None
    return day in _DAYS_WORKED or (day.weekday() < 5 and day not in _DAYS_OFF)


def usual_is_working_day(day: date) -> bool:
    """The day as it is without the city's corrections: the package's answer, else Monday–Friday."""
    official = official_is_working_day(day)
    return day.weekday() < 5 if official is None else official


def calendar_between(start: date, end: date) -> WorkCalendar:
    """The working calendar from `start` to `end` (inclusive): the package's days, then the city's rows."""
    off = {d for d in _DAYS_OFF if start <= d <= end and d.weekday() < 5}
    on = {d for d in _DAYS_WORKED if start <= d <= end and d.weekday() >= 5}
    for day, is_workday in Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_workday"):
        if is_workday:
            on.add(day)
            off.discard(day)
        else:
            off.add(day)
            on.discard(day)
    return WorkCalendar(days_off=frozenset(off), days_on=frozenset(on))


def calendar_around(day: date, *, days: int = 400) -> WorkCalendar:
    return calendar_between(day - timedelta(days=days), day + timedelta(days=days))


def _window(n: int) -> timedelta:
    # Wide enough for n working days through the longest run of days off (春节 with its weekends).
    return timedelta(days=2 * n + 30)


def is_working_day(day: date) -> bool:
    return calendar_between(day, day).is_working_day(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (n ≥ 1); with n = 0, `day` itself."""
    return calendar_between(day, day + _window(n)).add_working_days(day, n)


def subtract_working_days(day: date, n: int) -> date:
    return calendar_between(day - _window(n), day).subtract_working_days(day, n)
