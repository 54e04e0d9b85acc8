"""What the responsibility tests share: assigning through the service, as the city admin."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.orgs.models import OrgUnit
from unionhall.responsibility import services
from unionhall.responsibility.models import Assignment, Frequency, Kind, Line
from unionhall.tests.audit_support import SYSTEM


def lines(*codes: str) -> list[Line]:
    return list(Line.objects.filter(code__in=codes))


def area(cadre: Any, unit: OrgUnit, *codes: str, starts_on: date = date(2025, 1, 1), **extra: Any) -> Assignment:
    return services.assignment_create(
        actor=SYSTEM, cadre=cadre, kind=Kind.AREA, unit=unit, lines=lines(*codes), starts_on=starts_on, **extra
    )


def point(
    cadre: Any,
    unit: OrgUnit,
    *codes: str,
    frequency: str = Frequency.QUARTERLY,
    starts_on: date = date(2025, 1, 1),
    **extra: Any,
) -> Assignment:
    return services.assignment_create(
        actor=SYSTEM,
        cadre=cadre,
        kind=Kind.POINT,
        unit=unit,
        lines=lines(*codes),
        frequency=frequency,
        starts_on=starts_on,
        **extra,
    )
