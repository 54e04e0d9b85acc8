"""Reminders and overdue notices with time travel: a task due in five working days from a Monday is reminded
once, three working days before it falls due (not earlier, not twice); once past its due date it is listed
as overdue and its responsible party told once, however often the sweep runs; a closed task is neither."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from unionhall.core.actors import SystemActor
from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.supervision import selectors, services
from unionhall.supervision.models import SupervisedTask
from unionhall.supervision.sweep import deadline_sweep
from unionhall.supervision.tests.support import departments, task
from unionhall.tests.city import City
from unionhall.workcalendar.models import Holiday
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db
SWEEPER = SystemActor("supervision_deadlines")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)  # due in 5 working days: Monday 9 March


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=SHANGHAI)


def sweep_at(moment: datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return deadline_sweep(actor=SWEEPER).as_dict()


def opened_monday(city: City, **kw: object) -> SupervisedTask:
    with time_machine.travel(MONDAY, tick=False):
        return task(city, **kw)  # type: ignore[arg-type]


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_the_reminder_comes_three_working_days_before_the_due_date_once(city: City) -> None:
    t = opened_monday(city, department=departments(city).rs)
    assert t.remind_on == date(2026, 3, 4)
    assert sweep_at(at(3, 23))["reminded"] == 0  # Tuesday evening: not yet
    assert sweep_at(at(4, 0))["reminded"] == 1  # Wednesday, the first minute of the day
    assert sweep_at(at(4, 15))["reminded"] == 0
    assert sweep_at(at(6))["reminded"] == 0
    assert told("supervision.task_due_soon") == ["liaison_d1"]
    assert "03月09日" in Notification.objects.get(kind="supervision.task_due_soon").title


def test_a_holiday_before_the_due_date_moves_the_reminder_a_working_day_earlier(city: City) -> None:
    Holiday.objects.create(day=date(2026, 3, 5), name="测试假日")
    t = opened_monday(city)
    # Five working days now end on Tuesday 10 March; three back from it, Thursday 5 being off: Monday 9,
    # Friday 6, Wednesday 4.
    assert (t.due_on, t.remind_on) == (date(2026, 3, 10), date(2026, 3, 4))
    assert sweep_at(at(3))["reminded"] == 0 and sweep_at(at(4))["reminded"] == 1


def test_an_overdue_task_is_listed_and_its_parties_told_once(city: City) -> None:
    t = opened_monday(city, user=city.users["cadre_t1"])
    assert sweep_at(at(9, 23))["overdue"] == 0  # the due day itself is still in time
    with time_machine.travel(at(10), tick=False):
        assert list(selectors.overdue(selectors.tasks_for(city.users["cadre_d1"]))) == [t]
    assert sweep_at(at(10))["overdue"] == 1
    assert sweep_at(at(11))["overdue"] == 0
    assert sweep_at(at(20))["overdue"] == 0
    assert told("supervision.task_overdue") == ["cadre_t1"]  # the task was opened by the system
    assert AuditEvent.objects.filter(action="task.overdue", object_id=str(t.pk)).count() == 1


def test_a_task_closed_in_time_is_neither_reminded_nor_overdue(city: City) -> None:
    t = opened_monday(city)
    with time_machine.travel(at(3), tick=False):
        services.task_close(actor=city.users["cadre_t1"], task=t, evidence="已办结")
    assert sweep_at(at(4)) == {"reminded": 0, "overdue": 0}
    assert sweep_at(at(16)) == {"reminded": 0, "overdue": 0}


def test_reopening_with_a_new_due_date_starts_the_reminder_and_the_overdue_notice_again(city: City) -> None:
    t = opened_monday(city)
    sweep_at(at(4))
    sweep_at(at(10))
    with time_machine.travel(at(10, 9), tick=False):
        done = services.task_close(actor=city.users["cadre_t1"], task=t, evidence="已办结")
        services.task_reopen(actor=city.users["cadre_d1"], task=done, reason="整改不到位", due_on=date(2026, 3, 20))
    assert sweep_at(at(17)) == {"reminded": 1, "overdue": 0}
    assert sweep_at(at(23)) == {"reminded": 0, "overdue": 1}
    assert len(told("supervision.task_due_soon")) == 2 and len(told("supervision.task_overdue")) == 2


def test_the_command_prints_its_counts(city: City) -> None:
    opened_monday(city)
    out = StringIO()
    with time_machine.travel(at(4), tick=False):
        call_command("supervision_deadlines", stdout=out)
    assert json.loads(out.getvalue()) == {"overdue": 0, "reminded": 1}
