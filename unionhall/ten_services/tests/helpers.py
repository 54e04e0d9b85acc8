"""Shared setup of the ten_services tests: records on both sides of the city and members to name."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.members.models import Membership
from unionhall.orgs.models import OrgUnit
from unionhall.ten_services.models import ServiceDelivery
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id

U1_ID_BODY = "32050819850101001"
U3_ID_BODY = "32050619850101002"


def record(
    org: OrgUnit, kind: str = "culture", *, on: date = date(2026, 3, 1), count: int = 10, cost: int = 0, title: str = ""
) -> ServiceDelivery:
    return ServiceDelivery.objects.create(
        org=org, kind=kind, delivered_on=on, title=title or f"{org.name}{kind}", beneficiary_count=count, cost_fen=cost
    )


def members(c: City) -> dict[str, Membership]:
    return {"u1": join(c.u1, "张三", U1_ID_BODY), "u3": join(c.u3, "李四", U3_ID_BODY)}


def u1_id() -> str:
    return valid_id(U1_ID_BODY)


def u3_id() -> str:
    return valid_id(U3_ID_BODY)


def both_sides(c: City) -> dict[str, Any]:
    return {"d1": record(c.u1, title="东方送文化"), "d2": record(c.u3, title="西方纺织送文化")}
