"""Test helpers for coverage: statistical divisions under the small city, and members made in one step.

江苏省 32 ─ 苏州市 3205 (the city) ─ 姑苏区 320508 (D1) ─ 东一街道 320508001 (T1) ─ 东一村 (U2's), 东二村, 东风社区
                                ├─ 吴中区 320506 (D2) ─ 西一街道 320506001 (T2) ─ 西一村, 西湖社区
                                └─ 相城区 320507 (no district union) ─ 北桥街道 ─ 北一村
"""

from __future__ import annotations

from datetime import date
from itertools import count

from unionhall.members.models import EmploymentForm, Membership, MembershipStatus, Person, Sex, member_number
from unionhall.orgs.models import Division, Employer, OrgUnit
from unionhall.tests.city import City

_serial = count(1)

VILLAGES = {
    "320508001001": ("东一村村民委员会", Division.Kind.VILLAGE),
    "320508001002": ("东二村村民委员会", Division.Kind.VILLAGE),
    "320508001003": ("东风社区居民委员会", Division.Kind.COMMUNITY),
    "320506001001": ("西一村村民委员会", Division.Kind.VILLAGE),
    "320506001002": ("西湖社区居民委员会", Division.Kind.COMMUNITY),
    "320507001001": ("北一村村民委员会", Division.Kind.VILLAGE),
}


def division(code: str, name: str, level: int, parent: str | None = None, kind: str = Division.Kind.AREA) -> Division:
    return Division.objects.create(code=code, name=name, level=level, parent_id=parent, kind=kind)


def load_divisions(city: City) -> None:
    """The divisions above, and each unit of the small city placed in its own."""
    division("320000000000", "江苏省", Division.Level.PROVINCE)
    division("320500000000", "苏州市", Division.Level.CITY, "320000000000")
    for code, name in (("320508", "姑苏区"), ("320506", "吴中区"), ("320507", "相城区")):
        division(code + "000000", name, Division.Level.COUNTY, "320500000000")
    for code, name in (("320508001", "东一街道"), ("320506001", "西一街道"), ("320507001", "北桥街道")):
        division(code + "000", name, Division.Level.TOWN, code[:6] + "000000")
    for code, (name, kind) in VILLAGES.items():
        division(code, name, Division.Level.VILLAGE, code[:9] + "000", kind)
    placement = {
        city.city: "320500000000",
        city.d1: "320508000000",
        city.d2: "320506000000",
        city.t1: "320508001000",
        city.t2: "320506001000",
        city.u1: "320508001000",  # an enterprise union sits in the street: it never answers for villages
        city.u2: "320508001001",  # 东一村工会 is the union of 东一村
    }
    for unit, code in placement.items():
        OrgUnit.objects.filter(pk=unit.pk).update(division_id=code)
        unit.refresh_from_db()


def member(
    org: OrgUnit,
    *,
    employer: Employer | None = None,
    status: str = MembershipStatus.ACTIVE,
    platform: bool = False,
) -> Membership:
    """A member without the ceremony of a real ID number (coverage counts memberships, not persons' data)."""
    n = next(_serial)
    person = Person(
        sex=Sex.FEMALE,
        birth_date=date(1990, 1, 1),
        id_number_enc=f"test-{n}",
        id_number_hash=f"coverage-test-{n:020d}",
        id_number_masked="320***********0000",
        employment_form=EmploymentForm.PLATFORM if platform else EmploymentForm.STANDARD,
    )
    person.set_name(f"会员{n}")
    person.save()
    return Membership.objects.create(
        person=person,
        org=org,
        employer=employer,
        member_no=member_number(person.pk),
        joined_on=date(2024, 1, 1),
        status=status,
    )
