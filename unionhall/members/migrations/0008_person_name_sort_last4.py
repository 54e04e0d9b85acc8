"""Persons get their name's pinyin sort key and a keyed hash of the ID number's last four characters,
computed for the rows already on file (decrypt → last four → blind index).

SQLite adds a NOT NULL column by rebuilding the table, which its tally triggers (0003, 0006) would stop:
they are dropped around the rebuild and created again as they were. PostgreSQL alters in place."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db import migrations, models

BATCH = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    from unionhall.core import pii
    from unionhall.members.names import sort_key

    Person = apps.get_model("members", "Person")
    last = 0
    while True:
        batch = list(Person.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for person in batch:
            person.name_sort = sort_key(person.name)
            person.id_number_last4_hash = pii.last4_index(pii.decrypt(person.id_number_enc))
        Person.objects.bulk_update(batch, ["name_sort", "id_number_last4_hash"])
        last = batch[-1].pk


def _sqlite_triggers() -> dict[str, str]:
    tally = import_module("unionhall.members.migrations.0003_member_tally")
    tolerant = import_module("unionhall.members.migrations.0006_tally_triggers_tolerate_missing_person")
    return {**tolerant.TRIGGERS, "members_tally_person": tally.SQLITE_UP[3]}


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for name in _sqlite_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for name, sql in _sqlite_triggers().items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_transfer_request")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.AddField(
            model_name="person",
            name="name_sort",
            field=models.CharField(blank=True, db_index=True, max_length=200, verbose_name="姓名拼音"),
        ),
        migrations.AddField(
            model_name="person",
            name="id_number_last4_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
