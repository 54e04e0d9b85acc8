"""A supervised task's dates, in working days over the platform's calendar (workcalendar)."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from unionhall.core.errors import ValidationError
from unionhall.workcalendar import workdays

MAX_WORKDAYS = 250  # about a working year


def due_date(start: date, *, due_on: date | None, due_workdays: int | None) -> date:
    """The due date given as a date, or as N working days from the start (exactly one of the two)."""
    if (due_on is None) == (due_workdays is None):
        raise ValidationError(field_errors={"due_on": ["请填写办理期限：指定日期或工作日天数，二者选一。"]})
    if due_workdays is not None:
        if not 1 <= due_workdays <= MAX_WORKDAYS:
            raise ValidationError(field_errors={"due_workdays": [f"工作日天数须在 1 至 {MAX_WORKDAYS} 之间。"]})
        return workdays.add_working_days(start, due_workdays)
    assert due_on is not None
    if due_on < start:
        raise ValidationError(field_errors={"due_on": ["办理期限不能早于今天。"]})
    return due_on


def remind_on(start: date, due: date) -> date:
    """The day the responsible party is reminded: the city's number of working days before the due date
    (SUPERVISION_REMIND_WORKDAYS), never before the task was given."""
    return max(start, workdays.subtract_working_days(due, settings.SUPERVISION_REMIND_WORKDAYS))
