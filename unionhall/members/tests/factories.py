"""Test helpers: valid resident ID numbers and members joined through the service."""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric

from unionhall.core.tests.audit_support import SYSTEM
from unionhall.members import services
from unionhall.members.models import Membership
from unionhall.orgs.models import OrgUnit


def valid_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def join(
    org: OrgUnit, name: str, body17: str, *, phone: str = "", on: date | None = None, **extra: object
) -> Membership:
    person = services.PersonData(name=name, id_number=valid_id(body17), phone=phone, **extra)  # type: ignore[arg-type]
    return services.member_join(actor=SYSTEM, org=org, person=person, joined_on=on)
