"""Overdue 年审 and follow-up visits tell who answers for the archive's union on the line 帮扶 (its fixed
point, area or default cadre), once per period however often the reminders run; a new period (a new
verification, due a year later) is reminded again. The clock is moved with time-machine."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from unionhall.assistance.models import FileStatus, HardshipFile
from unionhall.assistance.reminders import archive_reminders
from unionhall.notifications.models import Notification
from unionhall.responsibility import services as responsibility_services
from unionhall.responsibility.models import Frequency, Kind, Line
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

pytestmark = pytest.mark.django_db
HOLDERS = [("point", "cadre_d1"), ("area", "cadre_d1"), ("default", "cadre_t1")]


def assign(city: City, holder: str) -> None:
    if holder == "default":  # nobody assigned: the federation cadre of T1, above U1, answers
        return
    extra: dict[str, Any] = {"frequency": Frequency.QUARTERLY} if holder == "point" else {}
    responsibility_services.assignment_create(
        actor=SYSTEM,
        cadre=city.users["cadre_d1"],
        kind=Kind.POINT if holder == "point" else Kind.AREA,
        unit=city.u1 if holder == "point" else city.t1,
        lines=list(Line.objects.filter(code="assistance")),
        starts_on=date(2024, 1, 1),
        **extra,
    )


def verified_on(city: City, day: date) -> HardshipFile:
    f = hardship_file(city.u1)
    HardshipFile.objects.filter(pk=f.pk).update(approved_on=day, verified_on=day)
    return f


def remind_on(day: date) -> int:
    with time_machine.travel(day, tick=False):
        return archive_reminders()


def told(user: Any) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind="assistance.archive_overdue").values_list("title", flat=True)
    )


@pytest.mark.parametrize(("holder", "expected"), HOLDERS)
def test_an_overdue_review_tells_who_answers_once_per_period(city: City, holder: str, expected: str) -> None:
    assign(city, holder)
    f = verified_on(city, date(2025, 1, 10))  # due for 年审 on 10 January 2026
    assert remind_on(date(2026, 1, 10)) == 0  # the due day itself is in time
    assert remind_on(date(2026, 1, 11)) == 1
    assert remind_on(date(2026, 1, 12)) == 0 and remind_on(date(2026, 3, 1)) == 0
    assert told(city.users[expected]) == ["困难职工档案逾期：1 户年审逾期"]
    HardshipFile.objects.filter(pk=f.pk).update(verified_on=date(2026, 3, 2))  # verified: a new period
    assert remind_on(date(2027, 3, 3)) == 1
    assert len(told(city.users[expected])) == 2


@pytest.mark.parametrize(("holder", "expected"), HOLDERS)
def test_an_overdue_follow_up_tells_who_answers_once(city: City, holder: str, expected: str) -> None:
    assign(city, holder)
    f = hardship_file(city.u1, status=FileStatus.EXITED)
    HardshipFile.objects.filter(pk=f.pk).update(exited_on=date(2025, 6, 1), verified_on=None)
    for day in (date(2025, 11, 29), date(2025, 12, 1), date(2026, 1, 5)):  # due 28 November (180 days)
        remind_on(day)
    assert told(city.users[expected]) == ["困难职工档案逾期：1 户回访逾期"]


def test_a_cadre_hears_once_a_run_about_all_their_archives(city: City) -> None:
    verified_on(city, date(2025, 1, 10))
    verified_on(city, date(2025, 1, 12))
    assert remind_on(date(2026, 1, 20)) == 2
    assert told(city.users["cadre_t1"]) == ["困难职工档案逾期：2 户年审逾期"]
    assert told(city.users["cadre_d1"]) == [] and told(city.users["outsider"]) == []


def test_the_command_reminds_and_says_how_many(city: City) -> None:
    verified_on(city, date(2025, 1, 10))
    out = io.StringIO()
    call_command("assistance_reminders", "--date", "2026-01-20", stdout=out)
    assert json.loads(out.getvalue())["reminded"] == 1
    call_command("assistance_reminders", "--date", "2026-01-21", stdout=(again := io.StringIO()))
    assert json.loads(again.getvalue())["reminded"] == 0
