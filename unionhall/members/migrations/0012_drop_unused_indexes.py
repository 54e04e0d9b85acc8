"""Drop the indexes of persons and memberships that no query uses: each costs every roster import (issue 15).

Django gives every indexed text column of PostgreSQL two indexes: a plain one (equality, order) and a
`…_like` one in varchar_pattern_ops (LIKE 'x%'). The searches (members/selectors.py, assistance/selectors.py)
use the pattern index for the start of a name, of pinyin initials and of a phone number, and a pattern index
answers equality too: the plain index of those three goes, and their pattern index is declared on the model
(Meta.indexes) under a name of its own. Columns only ever compared for equality or sorted on — the ID
number's two keyed hashes, the name's sort key, the hukou division, the member number — lose their pattern
index. A membership's own index on org_id goes too: the (org_id, status) index serves every lookup by union
and the foreign key. A 100,000-row import then keeps 10 indexes of persons up to date instead of 17.

Django's state knows the `…_like` indexes only implicitly: were one of those fields altered later, Django
would create its pattern index again, and a migration like this one would have to drop it again.
SQLite has no pattern indexes: there only the plain indexes of name, phone and initials are renamed (a plain
index is what the declared one is on SQLite) and the membership's org_id index dropped, without rebuilding
the tables (which would drop their tally triggers, see 0008).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

PREFIXED = (("name", "members_person_name_pfx"), ("phone", "members_person_phone_pfx"))
INITIALS = ("name_initials", "members_person_initials_pfx")
PATTERN_ONLY_DROPPED = (
    ("members_person", "id_number_hash"),
    ("members_person", "id_number_last4_hash"),
    ("members_person", "name_sort"),
    ("members_person", "hukou_division_id"),
    ("members_membership", "member_no"),
)


def _name(schema_editor: Any, table: str, column: str, suffix: str = "") -> str:
    """The name Django gave the index when it created the column (the same function names it)."""
    return str(schema_editor._create_index_name(table, [column], suffix=suffix))


def forwards(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.quote_name
    postgres = schema_editor.connection.vendor == "postgresql"
    for column, new_name in (*PREFIXED, INITIALS):
        plain = _name(schema_editor, "members_person", column)
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(plain)}")
        if postgres:
            like = _name(schema_editor, "members_person", column, "_like")
            schema_editor.execute(f"ALTER INDEX IF EXISTS {quote(like)} RENAME TO {quote(new_name)}")
        else:
            schema_editor.execute(f"CREATE INDEX {quote(new_name)} ON members_person ({quote(column)})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {quote(_name(schema_editor, 'members_membership', 'org_id'))}")
    if postgres:
        for table, column in PATTERN_ONLY_DROPPED:
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(_name(schema_editor, table, column, '_like'))}")


def backwards(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.quote_name
    postgres = schema_editor.connection.vendor == "postgresql"
    for column, new_name in (*PREFIXED, INITIALS):
        plain = _name(schema_editor, "members_person", column)
        if postgres:
            like = _name(schema_editor, "members_person", column, "_like")
            schema_editor.execute(f"ALTER INDEX IF EXISTS {quote(new_name)} RENAME TO {quote(like)}")
        else:
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(new_name)}")
        schema_editor.execute(f"CREATE INDEX {quote(plain)} ON members_person ({quote(column)})")
    org_index = _name(schema_editor, "members_membership", "org_id")
    schema_editor.execute(f"CREATE INDEX {quote(org_index)} ON members_membership (org_id)")
    if postgres:
        for table, column in PATTERN_ONLY_DROPPED:
            like = _name(schema_editor, table, column, "_like")
            schema_editor.execute(f"CREATE INDEX {quote(like)} ON {table} ({quote(column)} varchar_pattern_ops)")


def _pattern_index(column: str, name: str) -> models.Index:
    return models.Index(fields=[column], name=name, opclasses=["varchar_pattern_ops"])


class Migration(migrations.Migration):
    dependencies = [("members", "0011_change_counts"), ("orgs", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="person", name="name", field=models.CharField(max_length=50, verbose_name="姓名")
                ),
                migrations.AlterField(
                    model_name="person",
                    name="name_initials",
                    field=models.CharField(blank=True, max_length=50, verbose_name="姓名拼音首字母"),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="phone",
                    field=models.CharField(blank=True, max_length=20, verbose_name="手机号"),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="org",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="memberships",
                        to="orgs.orgunit",
                    ),
                ),
                *(
                    migrations.AddIndex(model_name="person", index=_pattern_index(column, name))
                    for column, name in (*PREFIXED, INITIALS)
                ),
            ],
        )
    ]
