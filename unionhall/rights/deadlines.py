"""Time limits of cases (PRODUCT.md §4: deadlines in Asia/Shanghai, calendar or working days as the rule
says). Pure functions over a `WorkCalendar` (unionhall/workcalendar/workdays.py), so the rules can be tested with any holidays and any day.

A time limit of N days counts from the day after the case was received; the case is due at the end of
the N-th (working) day, 23:59:59 in Shanghai. The reminder falls at the start of the day that lies
`remind_before_days` (working) days before the due day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from unionhall.workcalendar.workdays import END_OF_DAY, SHANGHAI, WorkCalendar, localdate

__all__ = ["END_OF_DAY", "SHANGHAI", "Limit", "WorkCalendar", "due_at", "due_day", "remind_at"]


@dataclass(frozen=True)
class Limit:
    days: int
    working_days: bool
    remind_before_days: int


def due_day(received_at: datetime, limit: Limit, calendar: WorkCalendar) -> date:
    start = localdate(received_at)
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
