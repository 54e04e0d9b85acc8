"""Shared fixtures: a small city with a user for every role at several places, and outsiders.

    C 市总 ── D1 区总 ── T1 街道总 ── U1 企业工会 (covers E1) ── B1 分工会
         │           │            └─ U2 村工会
         │           └─ E0 (no union, answerable to T1)
         └─ D2 区总 ── T2 街道总 ── U3 企业工会 (covers E3)

Every user's name says where they stand; `outsider` holds a grant far away (in D2) and `nobody` holds none.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts.models import User
from unionhall.core.tests import clock
from unionhall.orgs.models import Employer, Grant, GrassrootsKind, OrgLevel, OrgUnit, Role

TEST_PASSWORD = "Test-pass-123"

# The browser tests' `chromium` and `visit` fixtures (Playwright on the system Chromium).
pytest_plugins = ["unionhall.core.tests.browser"]


def pytest_configure(config: pytest.Config) -> None:
    """UNIONHALL_TEST_CLOCK=HH:MM runs the session at the next such UTC hour (unionhall/core/tests/clock.py);
    `make test` sets it to an evening hour, when Shanghai's date is already tomorrow's."""
    clock.start_from_environment()


def pytest_unconfigure(config: pytest.Config) -> None:
    clock.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock: {clock.describe()} ({clock.CLOCK_ENV})"


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
    "nobody": None,
}


def make_unit(parent: OrgUnit | None, code: str, name: str, level: str, **extra: Any) -> OrgUnit:
    if parent is None:
        return OrgUnit.objects.add_root({"code": code, "name": name, "level": level, **extra})
    return OrgUnit.objects.add_child(parent, {"code": code, "name": name, "level": level, **extra})


def restore_migrated_defaults() -> None:
    """Rows that data migrations write (the rights time limits and acknowledgement windows) are emptied by
    the TRUNCATE that ends every transactional test (browser, concurrency); write them again, as the
    migration does (get_or_create: a test's own changes to them stand)."""
    from django.apps import apps

    importlib.import_module("unionhall.rights.migrations.0002_default_rules").forwards(apps, None)


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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is the production hasher (see test_login_security); tests hash a hundred times faster."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db: Any) -> City:
    return build_city()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test ends with a TRUNCATE of every table, data migrations' rows included. In one
    process pytest-django runs those tests last; under xdist a worker runs other files after one, and their
    tests expect a database as migrated (the rights time limits, the default card types): once the test's
    fixtures are torn down (the flush is one of them), write the rows again."""
    result = yield
    if nextitem is not None and _is_transactional(item):
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_defaults()
            importlib.import_module("unionhall.cards.migrations.0004_default_card_types").create(apps, None)
    return result


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` exercise what only PostgreSQL does (COPY, arrays): on SQLite they skip."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
