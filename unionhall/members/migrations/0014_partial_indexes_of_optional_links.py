"""The indexes of three optional links hold only the rows that have one: a person's hukou division, a
membership's employer and a history row's union of origin. Queries and the foreign keys' own actions only
ever look for a given value, which a partial index (WHERE … IS NOT NULL) answers; a roster import, which
sets none of the three, no longer writes 300,000 empty entries (issue 15: about 0.3 s of server CPU for
100,000 rows, docs/performance.md).

Done by hand on both databases: on SQLite, Django would rebuild the tables to drop an index of a foreign
key, and a rebuild drops the tables' tally triggers (see 0008).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

# (model, table, column, the partial index's name)
LINKS = (
    ("person", "members_person", "hukou_division_id", "members_person_hukou_idx"),
    ("membership", "members_membership", "employer_id", "members_mship_employer_idx"),
    ("membershipevent", "members_membershipevent", "from_org_id", "members_event_from_org_idx"),
)


def _plain(schema_editor: Any, table: str, column: str) -> str:
    """The name Django gave the foreign key's index (the same function named it)."""
    return str(schema_editor._create_index_name(table, [column], suffix=""))


def forwards(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.quote_name
    for _, table, column, name in LINKS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(_plain(schema_editor, table, column))}")
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {table} ({quote(column)}) WHERE {quote(column)} IS NOT NULL"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.quote_name
    for _, table, column, name in LINKS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
        schema_editor.execute(
            f"CREATE INDEX {quote(_plain(schema_editor, table, column))} ON {table} ({quote(column)})"
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0013_person_hashes_compared_as_bytes"), ("orgs", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="hukou_division",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="+",
                        to="orgs.division",
                        verbose_name="户籍地",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="employer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="memberships",
                        to="orgs.employer",
                    ),
                ),
                migrations.AlterField(
                    model_name="membershipevent",
                    name="from_org",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.orgunit",
                    ),
                ),
                *(
                    migrations.AddIndex(
                        model_name=model,
                        index=models.Index(
                            fields=[column.removesuffix("_id")],
                            name=name,
                            condition=models.Q(**{f"{column.removesuffix('_id')}__isnull": False}),
                        ),
                    )
                    for model, _, column, name in LINKS
                ),
            ],
        )
    ]
