"""The working calendar: the State Council's holidays and 调休 from the package, the city's rows winning over
it both ways, Monday to Friday outside the package's years, and days counted in Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from unionhall.workcalendar import workdays
from unionhall.workcalendar.models import Holiday

pytestmark = pytest.mark.django_db


def test_a_public_holiday_on_a_weekday_is_a_day_off() -> None:
    assert not workdays.is_working_day(date(2026, 10, 1))  # 国庆节, a Thursday
    assert not workdays.is_working_day(date(2026, 2, 16))  # 春节, a Monday
    assert workdays.is_working_day(date(2026, 10, 8))  # the Thursday after


def test_a_weekend_day_worked_in_exchange_is_a_working_day() -> None:
    assert date(2026, 10, 10).weekday() == 5
    assert workdays.is_working_day(date(2026, 10, 10))  # 国庆调休上班
    assert not workdays.is_working_day(date(2026, 10, 17))  # an ordinary Saturday


def test_the_city_turns_a_package_working_day_into_a_day_off() -> None:
    Holiday.objects.create(day=date(2026, 10, 10), is_workday=False, name="本市不调休")
    Holiday.objects.create(day=date(2026, 10, 9), is_workday=False, name="本市补充假日")
    assert not workdays.is_working_day(date(2026, 10, 10))
    assert not workdays.is_working_day(date(2026, 10, 9))


def test_the_city_turns_a_package_day_off_into_a_working_day() -> None:
    Holiday.objects.create(day=date(2026, 10, 7), is_workday=True, name="本市照常上班")
    Holiday.objects.create(day=date(2026, 10, 17), is_workday=True, name="本市调休上班")
    assert workdays.is_working_day(date(2026, 10, 7))
    assert workdays.is_working_day(date(2026, 10, 17))


def test_working_days_are_added_across_the_spring_festival() -> None:
    # 春节 2026: 15–23 Feb off, Saturday 14 Feb and Saturday 28 Feb worked.
    assert workdays.add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert workdays.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 14)
    assert workdays.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert workdays.add_working_days(date(2026, 2, 13), 10) == date(2026, 3, 5)  # 14, 24–28 Feb, 2–5 Mar
    assert workdays.subtract_working_days(date(2026, 2, 24), 2) == date(2026, 2, 13)
    assert workdays.add_working_days(date(2026, 2, 12), 0) == date(2026, 2, 12)


def test_a_city_row_moves_a_count_across_the_festival() -> None:
    Holiday.objects.create(day=date(2026, 2, 14), is_workday=False, name="本市不调休")
    assert workdays.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 24)


def test_outside_the_packages_years_weekends_are_the_only_days_off() -> None:
    assert workdays.official_is_working_day(date(2099, 10, 1)) is None
    assert workdays.is_working_day(date(2099, 10, 1))  # a Thursday, no arrangement known
    assert not workdays.is_working_day(date(2099, 10, 3))  # a Saturday
    assert workdays.add_working_days(date(2099, 10, 2), 1) == date(2099, 10, 5)
    Holiday.objects.create(day=date(2099, 10, 1), name="国庆节")
    assert not workdays.is_working_day(date(2099, 10, 1))


def test_the_usual_day_ignores_the_citys_rows() -> None:
    Holiday.objects.create(day=date(2026, 10, 8), name="本市补充假日")
    assert workdays.usual_is_working_day(date(2026, 10, 8))
    assert not workdays.usual_is_working_day(date(2026, 10, 1))
    assert workdays.usual_is_working_day(date(2026, 10, 10))


def test_a_moment_falls_on_its_day_in_shanghai() -> None:
    assert workdays.localdate(datetime(2026, 11, 23, 16, 30, tzinfo=UTC)) == date(2026, 11, 24)
    assert workdays.localdate(datetime(2026, 11, 23, 15, 59, tzinfo=UTC)) == date(2026, 11, 23)


def test_month_bounds_hold_the_whole_month_in_shanghai() -> None:
    start, end = workdays.month_bounds(date(2026, 12, 15))
    assert (start.isoformat(), end.isoformat()) == ("2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")
    assert workdays.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_the_calendar_agrees_with_the_package_on_every_day_it_knows_of_2025_and_2026() -> None:
    start, end = date(2025, 1, 1), date(2026, 12, 31)
    year = workdays.calendar_between(start, end)
    day, differ = start, []
    while day <= end:
        if year.is_working_day(day) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += timedelta(days=1)
    assert differ == []
