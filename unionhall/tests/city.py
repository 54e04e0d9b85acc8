"""The small city every test stands in: a tree of unions, their employers, and a user for every role at
several places, and outsiders.

    C 市总 ── D1 区总 ── T1 街道总 ── U1 企业工会 (covers E1) ── B1 分工会
         │           │            └─ U2 村工会
         │           └─ E0 (no union, answerable to T1)
         └─ D2 区总 ── T2 街道总 ── U3 企业工会 (covers E3)

Every user's name says where they stand; `outsider` holds a grant far away (in D2) and `nobody` holds none.
The root conftest.py offers it as the `city` fixture; a test that needs it committed (browser, concurrency)
calls `build_city()` under `transactional_db`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts.models import User
from unionhall.orgs.models import Employer, Grant, GrassrootsKind, OrgLevel, OrgUnit, Role

TEST_PASSWORD = "Test-pass-123"


def uscc(body16: str, prefix: str = "91") -> str:
    from stdnum.cn import uscc as std

    body = (prefix + body16)[:17].ljust(17, "0")
    return body + std.calc_check_digit(body)


@dataclass
class City:
    city: OrgUnit
    d1: OrgUnit
    t1: OrgUnit
    u1: OrgUnit
    b1: OrgUnit
    u2: OrgUnit
    d2: OrgUnit
    t2: OrgUnit
    u3: OrgUnit
    e0: Employer
    e1: Employer
    e3: Employer
    users: dict[str, User]

    def client(self, name: str, *, verified: bool = True) -> Client:
        """A logged-in client; a city admin also passes the second factor unless verified=False."""
        client = Client()
        if name == "anonymous":
            return client
        user = self.users[name]
        client.force_login(user)
        if verified:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
        return client


# name → (role, org attribute of City); `nobody` has no grant at all.
USERS: dict[str, tuple[str, str] | None] = {
    "city_admin": (Role.CITY_ADMIN, "city"),
    "sysadmin": (Role.SYSTEM_ADMIN, "city"),
    "reviewer_d1": (Role.REVIEWER, "d1"),
    "cadre_d1": (Role.FEDERATION_CADRE, "d1"),
    "cadre_t1": (Role.FEDERATION_CADRE, "t1"),
    "chair_u1": (Role.GRASSROOTS_STAFF, "u1"),
    "info_u1": (Role.INFO_OFFICER, "u1"),
    "merchant_d1": (Role.MERCHANT, "d1"),
    "worker_u1": (Role.WORKER, "u1"),
    "outsider": (Role.FEDERATION_CADRE, "d2"),
    "chair_u3": (Role.GRASSROOTS_STAFF, "u3"),
    # 东区's 人社局 liaison once supervision's tests link it (supervision/tests/support.py): no capability in
    # the tree, so every other module's page answers it 404.
    "liaison_d1": (Role.DEPARTMENT_LIAISON, "d1"),
    "nobody": None,
}


def make_unit(parent: OrgUnit | None, code: str, name: str, level: str, **extra: Any) -> OrgUnit:
    if parent is None:
        return OrgUnit.objects.add_root({"code": code, "name": name, "level": level, **extra})
    return OrgUnit.objects.add_child(parent, {"code": code, "name": name, "level": level, **extra})


def restore_migrated_defaults() -> None:
    """Rows that data migrations write (the rights time limits and acknowledgement windows, the city's lines
    of work, the template of the commitment cards) are emptied by the TRUNCATE that ends every transactional test (browser, concurrency); write
    them again, as the migration does (get_or_create: a test's own changes to them stand)."""
    from django.apps import apps

    importlib.import_module("unionhall.rights.migrations.0002_default_rules").forwards(apps, None)
    importlib.import_module("unionhall.responsibility.migrations.0002_default_lines").forwards(apps, None)
    importlib.import_module("unionhall.commitments.migrations.0002_city_template").seed(apps, None)
    importlib.import_module("unionhall.innovation.migrations.0005_reward_rules_seed").seed(apps, None)


def build_city() -> City:
    restore_migrated_defaults()
    city = make_unit(None, "C", "测试市总工会", OrgLevel.CITY)
    d1 = make_unit(city, "D1", "东区总工会", OrgLevel.DISTRICT)
    d2 = make_unit(city, "D2", "西区总工会", OrgLevel.DISTRICT)
    t1 = make_unit(d1, "D1-T1", "东一街道总工会", OrgLevel.TOWN)
    t2 = make_unit(d2, "D2-T1", "西一街道总工会", OrgLevel.TOWN)
    u1 = make_unit(
        t1,
        "D1-T1-U1",
        "东方机械公司工会",
        OrgLevel.GRASSROOTS,
        kind=GrassrootsKind.ENTERPRISE,
        term_years=5,
        term_started_on=date(2019, 1, 1),
        term_ends_on=date(2024, 1, 1),
        employee_count=300,
    )
    b1 = make_unit(u1, "D1-T1-U1-B1", "东方机械公司一车间分工会", OrgLevel.BRANCH)
    u2 = make_unit(t1, "D1-T1-U2", "东一村工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.VILLAGE)
    u3 = make_unit(t2, "D2-T1-U1", "西方纺织公司工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.ENTERPRISE)
    e0 = Employer.objects.create(name="东区未建会商贸公司", uscc=uscc("320508AAAA0000"), org=t1, employee_count=40)
    e1 = Employer.objects.create(
        name="东方机械有限公司", uscc=uscc("320508BBBB1111"), org=t1, union=u1, employee_count=300
    )
    e3 = Employer.objects.create(
        name="西方纺织有限公司", uscc=uscc("320506CCCC2222"), org=t2, union=u3, employee_count=120
    )
    units = {"city": city, "d1": d1, "d2": d2, "t1": t1, "t2": t2, "u1": u1, "u3": u3}
    users: dict[str, User] = {}
    for name, grant in USERS.items():
        user = User.objects.create_user(username=name, password=TEST_PASSWORD)
        if grant is not None:
            role, where = grant
            Grant.objects.create(user=user, role=role, org=units[where])
            if role == Role.CITY_ADMIN:
                TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        users[name] = user
    for unit in (city, d1, d2, t1, t2, u1, b1, u2, u3):
        unit.refresh_from_db()
    return City(city, d1, t1, u1, b1, u2, d2, t2, u3, e0, e1, e3, users)
