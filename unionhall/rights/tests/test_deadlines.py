"""Time limits in Shanghai time, calendar or working days, over the city's holidays and 调休 days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from unionhall.rights.deadlines import SHANGHAI, Limit, WorkCalendar, due_at, due_day, remind_at

# 2026's National Day week as the State Council set it: 1–8 October off, Sunday 27 September and
# Saturday 10 October worked.
NATIONAL_DAY = WorkCalendar(
    days_off=frozenset(date(2026, 10, d) for d in range(1, 9)),
    days_on=frozenset({date(2026, 9, 27), date(2026, 10, 10)}),
)
PLAIN = WorkCalendar()


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_working_days_skip_weekends_and_count_from_the_next_day() -> None:
    # Friday 20 November 2026 + 3 working days → Wednesday 25 November, due at its end in Shanghai.
    limit = Limit(days=3, working_days=True, remind_before_days=1)
    assert due_at(at(2026, 11, 20), limit, PLAIN) == datetime(2026, 11, 25, 23, 59, 59, tzinfo=SHANGHAI)


def test_holidays_are_skipped_and_a_worked_weekend_counts() -> None:
    limit = Limit(days=2, working_days=True, remind_before_days=0)
    # Received Wednesday 30 September: 1–8 October are off, Saturday 10 October is worked.
    assert due_day(at(2026, 9, 30), limit, NATIONAL_DAY) == date(2026, 10, 10)
    assert due_day(at(2026, 9, 30), limit, PLAIN) == date(2026, 10, 2)


def test_calendar_days_ignore_weekends_and_holidays() -> None:
    limit = Limit(days=7, working_days=False, remind_before_days=2)
    assert due_day(at(2026, 9, 30), limit, NATIONAL_DAY) == date(2026, 10, 7)


def test_the_day_is_the_day_in_shanghai_not_in_utc() -> None:
    # 23:30 UTC on Sunday 22 November is already Monday 07:30 in Shanghai: the count starts from Monday.
    moment = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    limit = Limit(days=1, working_days=False, remind_before_days=0)
    assert due_day(moment, limit, PLAIN) == date(2026, 11, 24)


def test_the_reminder_falls_the_given_working_days_before_the_due_day() -> None:
    limit = Limit(days=10, working_days=True, remind_before_days=2)
    received = at(2026, 11, 2)  # Monday
    assert due_day(received, limit, PLAIN) == date(2026, 11, 16)  # Monday two weeks on
    assert remind_at(received, limit, PLAIN) == datetime(2026, 11, 12, tzinfo=SHANGHAI)  # Thursday before


def test_a_reminder_is_never_before_the_case_was_received() -> None:
    limit = Limit(days=1, working_days=False, remind_before_days=5)
    received = at(2026, 11, 2, 15)
    assert remind_at(received, limit, PLAIN) == received


days_off = st.frozensets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=40)


@given(
    start=st.dates(date(2026, 1, 1), date(2027, 6, 30)),
    n=st.integers(min_value=1, max_value=60),
    off=days_off,
    on=days_off,
)
def test_exactly_n_working_days_lie_after_receipt_up_to_the_due_day(
    start: date, n: int, off: frozenset[date], on: frozenset[date]
) -> None:
    calendar = WorkCalendar(days_off=off, days_on=on)
    limit = Limit(days=n, working_days=True, remind_before_days=0)
    due = due_day(at(start.year, start.month, start.day), limit, calendar)
    assert calendar.is_working_day(due)
    between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(calendar.is_working_day(d) for d in between) == n
