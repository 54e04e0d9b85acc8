"""Issue 13: a renamed app keeps its data. A database made before the rename (tables, migration rows and
content types under portal, workers and deliveries) is built here by turning this test database's new
names back into the old ones; `migrate` then moves everything to the new labels, once.

Transactional: SQLite renames tables only outside a transaction, and the TRUNCATE at the end leaves the
database as the other tests expect it (the names are new again by then, or put back by `_relabel`)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from unionhall.core.renamed_apps import RENAMED_APPS, follow_renamed_apps, rename_table
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)

LABELS = [*RENAMED_APPS, *RENAMED_APPS.values()]


def _relabel(mapping: dict[str, str]) -> None:
    """What a database of the other names looks like: tables, migration rows and content types."""
    tables = connection.introspection.table_names()
    with connection.schema_editor(atomic=True) as editor:
        for was, to in mapping.items():
            for table in tables:
                if table.startswith(f"{was}_"):
                    rename_table(editor, table, to + table[len(was) :])
            editor.execute("UPDATE django_migrations SET app = %s WHERE app = %s", (to, was))
            editor.execute("UPDATE django_content_type SET app_label = %s WHERE app_label = %s", (to, was))


def _snapshot() -> dict[str, Any]:
    """The renamed apps' tables with their row counts, migration rows, content types and permissions."""
    with connection.cursor() as cursor:
        tables = {}
        for table in sorted(connection.introspection.table_names()):
            if any(table.startswith(f"{label}_") for label in LABELS):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                tables[table] = cursor.fetchone()[0]
        marks = ", ".join(["%s"] * len(LABELS))
        cursor.execute(f"SELECT app, name FROM django_migrations WHERE app IN ({marks}) ORDER BY 1, 2", LABELS)  # noqa: S608
        migrations = cursor.fetchall()
        cursor.execute(
            "SELECT c.app_label, c.model, COUNT(p.id) FROM django_content_type c"  # noqa: S608
            f" LEFT JOIN auth_permission p ON p.content_type_id = c.id WHERE c.app_label IN ({marks})"
            " GROUP BY c.app_label, c.model ORDER BY 1, 2",
            LABELS,
        )
        types = cursor.fetchall()
    return {"tables": tables, "migrations": migrations, "types": types}


def _old(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as a database from before the rename has it."""
    back = {new: old for old, new in RENAMED_APPS.items()}

    def label(name: str) -> str:
        for new in sorted(back, key=len, reverse=True):
            if name == new or name.startswith(f"{new}_"):
                return back[new] + name[len(new) :]
        return name

    return {
        "tables": {label(t): n for t, n in snapshot["tables"].items()},
        "migrations": sorted((label(app), name) for app, name in snapshot["migrations"]),
        "types": sorted((label(app), model, n) for app, model, n in snapshot["types"]),
    }


@pytest.fixture
def old_database(city: City) -> Any:
    """Rows in the renamed apps' tables, then the whole database turned back to the old names."""
    delivery = apps.get_model("ten_services", "ServiceDelivery")
    delivery.objects.create(
        org=city.u1, kind="warmth", delivered_on=date(2026, 1, 20), title="春节送温暖", beneficiary_count=30
    )
    code = apps.get_model("worker_portal", "LoginCode")
    code.objects.create(phone="13900000001", code_hash="0" * 64, expires_at=timezone.now() + timedelta(minutes=5))
    new = _snapshot()
    _relabel({new: old for old, new in RENAMED_APPS.items()})
    try:
        yield new
    finally:
        if any(t.startswith(f"{old}_") for t in connection.introspection.table_names() for old in RENAMED_APPS):
            _relabel(RENAMED_APPS)


def test_a_database_from_before_the_rename_moves_its_tables_history_and_content_types_to_the_new_labels(
    old_database: dict[str, Any],
) -> None:
    assert _snapshot() == _old(old_database)
    assert "portal_joinapplication" in connection.introspection.table_names()

    said = follow_renamed_apps(connection)

    assert [line.split("：")[0] for line in said] == [f"应用改名 {old} → {new}" for old, new in RENAMED_APPS.items()]
    assert _snapshot() == old_database
    delivery = apps.get_model("ten_services", "ServiceDelivery").objects.get()
    assert (delivery.title, delivery.beneficiary_count, delivery.org.code) == ("春节送温暖", 30, "D1-T1-U1")
    assert apps.get_model("worker_portal", "LoginCode").objects.get().phone == "13900000001"
    # the id sequences still serve the renamed tables
    apps.get_model("worker_portal", "LoginCode").objects.create(
        phone="13900000002", code_hash="1" * 64, expires_at=timezone.now()
    )


def test_a_second_run_changes_nothing(old_database: dict[str, Any]) -> None:
    follow_renamed_apps(connection)

    assert follow_renamed_apps(connection) == []
    assert _snapshot() == old_database


def test_migrate_moves_the_old_labels_first_and_says_so_once(old_database: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("migrate", verbosity=0, stdout=out)
    assert out.getvalue().count("应用改名") == 3
    assert _snapshot()["tables"] == old_database["tables"]

    again = io.StringIO()
    call_command("migrate", verbosity=0, stdout=again)
    assert "应用改名" not in again.getvalue()


def test_migrate_plan_only_looks(old_database: dict[str, Any]) -> None:
    call_command("migrate", plan=True, stdout=io.StringIO())

    assert _snapshot() == _old(old_database)


def test_a_database_with_both_labels_is_left_as_it_is_and_named(old_database: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["joining", "0001_initial", timezone.now()],
        )

    said = follow_renamed_apps(connection)

    assert said[0].startswith("应用改名 portal → joining：两个标签都有已执行的迁移")
    assert "portal_joinapplication" in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["joining"])
