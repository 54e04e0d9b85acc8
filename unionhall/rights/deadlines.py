"""Time limits of cases (PRODUCT.md §4: deadlines in Asia/Shanghai, calendar or working days as the rule
says). Pure functions over a `WorkCalendar`, so the rules can be tested with any holidays and any day.

A time limit of N days counts from the day after the case was received; the case is due at the end of
the N-th (working) day, 23:59:59 in Shanghai. The reminder falls at the start of the day that lies
`remind_before_days` (working) days before the due day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)


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


@dataclass(frozen=True)
class Limit:
    days: int
    working_days: bool
    remind_before_days: int


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def due_day(received_at: datetime, limit: Limit, calendar: WorkCalendar) -> date:
    start = local_day(received_at)
    if limit.working_days:
        return calendar.add_working_days(start, limit.days)
    return start + timedelta(days=limit.days)


def due_at(received_at: datetime, limit: Limit, calendar: WorkCalendar) -> datetime:
    return datetime.combine(due_day(received_at, limit, calendar), END_OF_DAY, tzinfo=SHANGHAI)


def remind_at(received_at: datetime, limit: Limit, calendar: WorkCalendar) -> datetime:
    """The moment a reminder is due: the start of the day `remind_before_days` before the due day, but never
    before the case was received."""
    due = due_day(received_at, limit, calendar)
    if limit.working_days:
        day = calendar.subtract_working_days(due, limit.remind_before_days)
    else:
        day = due - timedelta(days=limit.remind_before_days)
    return max(datetime.combine(day, time.min, tzinfo=SHANGHAI), received_at.astimezone(SHANGHAI))
