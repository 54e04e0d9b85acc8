"""Visits to fixed points: logged with their problems, counted per period, overdue when a period ended
without one, and reminded once per period before and after it falls due."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.notifications.models import Notification
from unionhall.responsibility import selectors, services
from unionhall.responsibility.models import Assignment, Frequency, ProblemStatus
from unionhall.responsibility.periods import period_of, periods_between
from unionhall.responsibility.reminders import visit_reminders
from unionhall.responsibility.tests.support import area, point
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def visit(city: City, p: Assignment, day: date, *problems: str) -> object:
    return services.visit_record(
        actor=city.users["cadre_t1"],
        assignment=p,
        visited_on=day,
        purpose="了解建会情况",
        findings="职工 300 人，工会运转正常",
        problems=problems,
    )


def test_periods_are_aligned_to_the_year() -> None:
    assert period_of(date(2026, 5, 20), 3).start == date(2026, 4, 1)
    assert period_of(date(2026, 5, 20), 3).end == date(2026, 6, 30)
    assert period_of(date(2026, 11, 2), 6).label == "2026年下半年"
    assert [p.label for p in periods_between(date(2026, 1, 15), date(2026, 3, 1), 1)] == [
        "2026年1月",
        "2026年2月",
        "2026年3月",
    ]


def test_a_visit_keeps_each_problem_as_an_open_row_until_it_is_settled(city: City) -> None:
    p = point(city.users["cadre_t1"], city.u1)
    v = visit(city, p, date(2025, 3, 2), "食堂卫生差", "", "加班费未足额发放")
    problems = list(v.problems.all())  # type: ignore[attr-defined]
    assert [x.text for x in problems] == ["食堂卫生差", "加班费未足额发放"]
    assert {x.status for x in problems} == {ProblemStatus.OPEN}
    closed = services.visit_problem_close(actor=city.users["cadre_d1"], problem=problems[0], resolution="已整改")
    assert closed.status == ProblemStatus.CLOSED
    with pytest.raises(Conflict):
        services.visit_problem_close(actor=city.users["cadre_d1"], problem=problems[0], resolution="再次")


def test_a_visit_is_refused_at_the_fields_and_out_of_reach(city: City) -> None:
    p = point(city.users["cadre_t1"], city.u1, starts_on=date(2025, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            actor=city.users["cadre_t1"], assignment=p, visited_on=date(2024, 12, 1), purpose="", findings=""
        )
    assert set(refused.value.field_errors) == {"visited_on", "purpose", "findings"}
    with pytest.raises(NotFound):
        visit_as = city.users["outsider"]
        services.visit_record(actor=visit_as, assignment=p, visited_on=date(2025, 2, 1), purpose="x", findings="y")
    a = area(city.users["cadre_d1"], city.t1)
    with pytest.raises(Conflict):
        services.visit_record(
            actor=city.users["cadre_d1"], assignment=a, visited_on=date(2025, 2, 1), purpose="x", findings="y"
        )


def test_coverage_counts_the_periods_with_a_visit(city: City) -> None:
    p = point(city.users["cadre_t1"], city.u1, frequency=Frequency.QUARTERLY, starts_on=date(2026, 1, 1))
    visit(city, p, date(2026, 2, 10))
    visit(city, p, date(2026, 2, 20))
    visit(city, p, date(2026, 7, 1))
    cover = selectors.point_coverage([p], today=date(2026, 8, 15))[p.pk]
    assert [(c.period.label, c.visits) for c in cover.periods] == [
        ("2026年第1季度", 2),
        ("2026年第2季度", 0),
        ("2026年第3季度", 1),
    ]
    assert cover.covered == 2 and cover.last_visit == date(2026, 7, 1)


def test_a_point_is_overdue_when_its_last_period_ended_without_a_visit_until_one_is_made(city: City) -> None:
    p = point(city.users["cadre_t1"], city.u1, frequency=Frequency.MONTHLY, starts_on=date(2026, 1, 1))
    visit(city, p, date(2026, 1, 20))
    overdue = selectors.overdue_points(Assignment.objects.all(), today=date(2026, 2, 10))
    assert not overdue.exists()  # January was visited; February is not over
    overdue = selectors.overdue_points(Assignment.objects.all(), today=date(2026, 3, 5))
    assert [(a.pk, a.due_on) for a in overdue] == [(p.pk, date(2026, 2, 28))]
    services.visit_record(
        actor=city.users["cadre_t1"], assignment=p, visited_on=date(2026, 2, 27), purpose="补记", findings="正常"
    )
    assert not selectors.overdue_points(Assignment.objects.all(), today=date(2026, 3, 5)).exists()


def test_a_point_begun_in_the_current_period_is_not_yet_due(city: City) -> None:
    point(city.users["cadre_t1"], city.u1, frequency=Frequency.YEARLY, starts_on=date(2026, 3, 1))
    assert not selectors.overdue_points(Assignment.objects.all(), today=date(2026, 12, 30)).exists()


def _at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI), tick=False)


def test_the_cadre_is_reminded_before_the_visit_falls_due_and_once_when_overdue_never_twice(city: City) -> None:
    with _at(date(2026, 1, 2)):
        p = point(city.users["cadre_t1"], city.u1, frequency=Frequency.QUARTERLY, starts_on=date(2026, 1, 1))
    mine = Notification.objects.filter(user=city.users["cadre_t1"])
    with _at(date(2026, 3, 20)):  # 11 days before the quarter ends: too early
        assert visit_reminders().as_dict() == {"due_soon": 0, "overdue": 0}
    with _at(date(2026, 3, 25)):
        assert visit_reminders().as_dict() == {"due_soon": 1, "overdue": 0}
        assert visit_reminders().as_dict() == {"due_soon": 0, "overdue": 0}
    assert mine.filter(kind="responsibility.visit_due_soon").count() == 1
    with _at(date(2026, 4, 1)):
        assert visit_reminders().as_dict() == {"due_soon": 0, "overdue": 1}
    with _at(date(2026, 4, 20)):
        call_command("visit_reminders")  # the same, through the command: nothing new
    assert mine.filter(kind="responsibility.visit_overdue").count() == 1
    overdue = mine.get(kind="responsibility.visit_overdue")
    assert "东方机械公司工会" in overdue.title and str(p.pk) in overdue.url


def test_an_ended_point_is_neither_overdue_nor_reminded(city: City) -> None:
    p = point(city.users["cadre_t1"], city.u1, frequency=Frequency.MONTHLY, starts_on=date(2026, 1, 1))
    services.assignment_end(actor=city.users["cadre_d1"], assignment=p, ends_on=date(2026, 1, 31))
    with _at(date(2026, 3, 3)):
        assert visit_reminders().as_dict() == {"due_soon": 0, "overdue": 0}
