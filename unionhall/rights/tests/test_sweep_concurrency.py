"""Exactly once under overlapping runs, on PostgreSQL: several sweeps started at the same moment (a slow run
overlapping the next one) escalate each overdue case once, with one audit event and one set of messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from unionhall.core.actors import SystemActor
from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.rights.models import CaseEvent
from unionhall.rights.sweep import deadline_sweep
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together
from unionhall.tests.factories import case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_overlapping_sweeps_escalate_each_case_once(city: City) -> None:
    cases = [case(city.u1, employer=city.e1) for _ in range(5)]
    later = max(k.due_at for k in cases) + timedelta(hours=1)

    def sweep() -> int:
        with time_machine.travel(later, tick=False):
            return deadline_sweep(actor=SystemActor("rights_deadlines")).escalated

    results = run_together([sweep for _ in range(6)])
    assert sorted(results, reverse=True)[0] >= 1 and sum(results) == 5, results
    assert AuditEvent.objects.filter(action="case.escalate", success=True).count() == 5
    assert CaseEvent.objects.filter(kind="escalate").count() == 5
    assert Notification.objects.filter(kind="rights.case_overdue").count() == 5  # cadre_t1, once per case
