"""The session's fixtures and hooks; what they build lives in the test kit, unionhall/tests/ (the small city
in city.py, the clock in clock.py, the browser in browser.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from unionhall.core import versions
from unionhall.tests import clock
from unionhall.tests.city import City, build_city, restore_migrated_defaults

# The browser tests' `chromium` and `visit` fixtures (Playwright on the system Chromium).
pytest_plugins = ["unionhall.tests.browser"]


def pytest_configure(config: pytest.Config) -> None:
    """UNIONHALL_TEST_CLOCK=HH:MM runs the session at the next such UTC hour (unionhall/tests/clock.py);
    `make test` sets it to an evening hour, when Shanghai's date is already tomorrow's."""
    clock.start_from_environment()


def pytest_unconfigure(config: pytest.Config) -> None:
    clock.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock: {clock.describe()} ({clock.CLOCK_ENV})"


@pytest.fixture(autouse=True)
def forget_cached_figures() -> None:
    """Figures cached under change counts (core/versions.py) live in the process: a test whose database was
    flushed would meet counts an earlier test reached with other data."""
    versions.clear()


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Argon2 is the production hasher (see test_login_security); tests hash a hundred times faster. For the
    whole session, so that fixtures of a wider scope (the authorization table's city, built once per route)
    hash fast too."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile` with the authorization table split by route and the heaviest files first
    (unionhall/tests/scheduling.py); any other --dist is xdist's own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from unionhall.tests.scheduling import WeightedFileScheduling

    return WeightedFileScheduling(config, log)
