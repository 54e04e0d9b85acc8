"""`Holiday` moved from `rights` to `workcalendar` keeps its rows: a database holding holidays under the old
app is migrated forward and the same days come out of the new model, from the renamed table."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from unionhall.workcalendar.models import Holiday

BEFORE = [("rights", "0003_mediations_attachments_intake"), ("workcalendar", None)]


@pytest.mark.django_db(transaction=True)
def test_the_holidays_of_rights_survive_the_move() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:1]).apps.get_model("rights", "Holiday")
    old.objects.create(day=date(2026, 10, 12), name="本市补充假日")
    old.objects.create(day=date(2026, 10, 17), is_workday=True, name="本市调休上班")
    assert "rights_holiday" in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    tables = connection.introspection.table_names()
    assert "workcalendar_holiday" in tables and "rights_holiday" not in tables
    assert list(Holiday.objects.values_list("day", "is_workday", "name")) == [
        (date(2026, 10, 12), False, "本市补充假日"),
        (date(2026, 10, 17), True, "本市调休上班"),
    ]
    Holiday.objects.create(day=date(2026, 10, 19), name="新的一天")  # the id sequence still serves
    assert Holiday.objects.count() == 3
