"""Exactly once under overlapping runs, on PostgreSQL: several sweeps started at the same moment remind each
task once and flag each overdue task once, with one audit event and one message each."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from unionhall.core.actors import SystemActor
from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.supervision.sweep import deadline_sweep
from unionhall.supervision.tests.support import task
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def test_overlapping_sweeps_remind_and_flag_each_task_once(city: City) -> None:
    with time_machine.travel(MONDAY, tick=False):
        for n in range(4):
            task(city, title=f"事项{n}", due_workdays=5)  # due Monday 9 March, reminded from Wednesday 4

    def sweep_on(day: int) -> dict[str, int]:
        with time_machine.travel(datetime(2026, 3, day, 8, 0, tzinfo=SHANGHAI), tick=False):
            return deadline_sweep(actor=SystemActor("supervision_deadlines")).as_dict()

    reminded = run_together([lambda: sweep_on(4) for _ in range(5)])
    assert sum(r["reminded"] for r in reminded) == 4, reminded
    flagged = run_together([lambda: sweep_on(10) for _ in range(5)])
    assert sum(r["overdue"] for r in flagged) == 4, flagged
    assert Notification.objects.filter(kind="supervision.task_due_soon").count() == 4  # cadre_t1, once each
    assert Notification.objects.filter(kind="supervision.task_overdue").count() == 4
    assert AuditEvent.objects.filter(action="task.overdue", success=True).count() == 4
