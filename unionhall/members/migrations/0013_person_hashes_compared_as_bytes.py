"""On PostgreSQL a person's two keyed hashes (of the ID number and of its last four characters) are compared
byte by byte (collation "C") instead of by the database's locale: they are hexadecimal, only ever matched
for equality, and every index insert and lookup of a roster import compares them about twenty times. The
COPY of 100,000 persons spent about 15 % less server CPU so (issue 15, docs/performance.md).

Django's state does not hold the collation (SQLite knows no "C" collation, and the column is the same
there): were these fields altered later, PostgreSQL would give the column its default collation again,
which is only slower, and a migration like this one would restore it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

COLUMNS = ("id_number_hash", "id_number_last4_hash")


def _alter(schema_editor: Any, collation: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    parts = ", ".join(f"ALTER COLUMN {quote(c)} TYPE varchar(64) COLLATE {collation}" for c in COLUMNS)
    schema_editor.execute(f"ALTER TABLE members_person {parts}")


def forwards(apps: Any, schema_editor: Any) -> None:
    _alter(schema_editor, '"C"')


def backwards(apps: Any, schema_editor: Any) -> None:
    _alter(schema_editor, '"default"')


class Migration(migrations.Migration):
    dependencies = [("members", "0012_drop_unused_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
