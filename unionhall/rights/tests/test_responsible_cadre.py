"""Who answers for a union's rights work (包片·定点·管线, `who_answers` on the line 维权) is told of a risk
reported there, of its acknowledgement running late and of an overdue case — each exactly once, whether
they answer as the unit's fixed point, by an area, or by default (the federation cadre above)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from unionhall.core.actors import SystemActor
from unionhall.notifications.models import Notification
from unionhall.orgs.models import OrgUnit
from unionhall.responsibility import services as responsibility_services
from unionhall.responsibility.models import Frequency, Kind, Line
from unionhall.rights.deadlines import SHANGHAI
from unionhall.rights.risk_services import risk_url
from unionhall.rights.services import case_url
from unionhall.rights.sweep import deadline_sweep
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import case, risk

pytestmark = pytest.mark.django_db
SWEEPER = SystemActor("rights_deadlines")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
HOLDERS = [("point", "cadre_d1"), ("area", "cadre_d1"), ("default", "cadre_t1")]


def assign(city: City, holder: str) -> None:
    """cadre_d1 answers for U1's rights work as its fixed point or by the area of T1; else nobody is
    assigned and the federation cadre of T1 answers by default."""
    if holder == "default":
        return
    unit: OrgUnit = city.u1 if holder == "point" else city.t1
    extra: dict[str, Any] = {"frequency": Frequency.QUARTERLY} if holder == "point" else {}
    responsibility_services.assignment_create(
        actor=SYSTEM,
        cadre=city.users["cadre_d1"],
        kind=Kind.POINT if holder == "point" else Kind.AREA,
        unit=unit,
        lines=list(Line.objects.filter(code="rights")),
        starts_on=date(2025, 1, 1),
        **extra,
    )


def sweep_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        deadline_sweep(actor=SWEEPER)


def told(user: Any, url: str, kind: str) -> int:
    return Notification.objects.filter(user=user, url=url, kind=kind).count()


@pytest.mark.parametrize(("holder", "expected"), HOLDERS)
def test_a_risk_reported_tells_who_answers_for_the_unit_once(city: City, holder: str, expected: str) -> None:
    assign(city, holder)
    with time_machine.travel(MONDAY, tick=False):
        report = risk(city.u1, level="red")
    assert told(city.users[expected], risk_url(report), "rights.risk_reported") == 1


@pytest.mark.parametrize(("holder", "expected"), HOLDERS)
def test_a_late_acknowledgement_tells_who_answers_once(city: City, holder: str, expected: str) -> None:
    assign(city, holder)
    with time_machine.travel(MONDAY, tick=False):
        report = risk(city.u1, level="red")  # red: two hours to acknowledge
    sweep_at(MONDAY + timedelta(hours=1))
    assert told(city.users[expected], risk_url(report), "rights.risk_ack_overdue") == 0
    for later in (timedelta(hours=3), timedelta(hours=4), timedelta(days=2)):
        sweep_at(MONDAY + later)
    assert told(city.users[expected], risk_url(report), "rights.risk_ack_overdue") == 1


@pytest.mark.parametrize(("holder", "expected"), HOLDERS)
def test_an_overdue_case_tells_who_answers_for_the_handling_union_once(city: City, holder: str, expected: str) -> None:
    assign(city, holder)
    with time_machine.travel(MONDAY, tick=False):
        k = case(city.u1, employer=city.e1)  # wage arrears, general: due 16 March
    assert k.org == city.u1
    sweep_at(datetime(2026, 3, 16, 20, 0, tzinfo=SHANGHAI))
    assert told(city.users[expected], case_url(k), "rights.case_overdue") == 0
    for day in (17, 18, 30):
        sweep_at(datetime(2026, 3, day, 9, 0, tzinfo=SHANGHAI))
    assert told(city.users[expected], case_url(k), "rights.case_overdue") == 1
