"""Memberships keep a copy of their person's pinyin initials, so a search by initials is answered inside the
searcher's unions instead of over every person of the city (issue 15, docs/performance.md).

The database keeps the copy exact, whichever path writes (a service, a roster COPY, a seed, a hand-run fix),
as it keeps MemberTally (0003):
- a membership written (inserted, or its person or its copy changed) takes its person's initials, whatever
  value the writer gave;
- a person whose initials change passes them to all their memberships, open and closed.
PostgreSQL does the first per row (BEFORE, so the row is written once) and the second per statement over its
transition tables; SQLite, which has row triggers only and no BEFORE change of NEW, corrects the row after it
is written.

The search's index comes in 0010, once this fill is committed.

SQLite adds a NOT NULL column by rebuilding the table, which drops the tally triggers on memberships (0003,
0006): they are dropped first and created again as they were, as 0008 does for persons.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db import migrations, models

POSTGRES_UP = """
CREATE FUNCTION members_membership_initials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_initials := coalesce((SELECT p.name_initials FROM members_person p WHERE p.id = NEW.person_id), '');
    RETURN NEW;
END $$;

CREATE FUNCTION members_person_initials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE members_membership m SET name_initials = n.name_initials
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE m.person_id = n.id AND n.name_initials IS DISTINCT FROM o.name_initials;
    RETURN NULL;
END $$;

CREATE TRIGGER members_membership_initials BEFORE INSERT OR UPDATE OF person_id, name_initials
    ON members_membership FOR EACH ROW EXECUTE FUNCTION members_membership_initials();
CREATE TRIGGER members_person_initials AFTER UPDATE ON members_person
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION members_person_initials();
"""

POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS members_membership_initials ON members_membership;
DROP TRIGGER IF EXISTS members_person_initials ON members_person;
DROP FUNCTION IF EXISTS members_membership_initials(), members_person_initials();
"""

# The fill changes no status, union or person: the tally's update trigger, which would join a million old and
# new rows to their persons to find nothing to count, is left out of it (the table is locked until the commit).
POSTGRES_FILL = """
ALTER TABLE members_membership DISABLE TRIGGER members_tally_update;
UPDATE members_membership m SET name_initials = p.name_initials
FROM members_person p WHERE p.id = m.person_id AND m.name_initials IS DISTINCT FROM p.name_initials;
ALTER TABLE members_membership ENABLE TRIGGER members_tally_update;
"""

INITIALS_OF = "coalesce((SELECT name_initials FROM members_person WHERE id = NEW.person_id), '')"
SQLITE_UP = [
    f"""CREATE TRIGGER members_membership_initials_insert AFTER INSERT ON members_membership
    WHEN NEW.name_initials IS NOT {INITIALS_OF} BEGIN
        UPDATE members_membership SET name_initials = {INITIALS_OF} WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER members_membership_initials_update AFTER UPDATE OF person_id, name_initials ON members_membership
    WHEN NEW.name_initials IS NOT {INITIALS_OF} BEGIN
        UPDATE members_membership SET name_initials = {INITIALS_OF} WHERE id = NEW.id;
    END""",
    """CREATE TRIGGER members_person_initials AFTER UPDATE OF name_initials ON members_person
    WHEN OLD.name_initials IS NOT NEW.name_initials BEGIN
        UPDATE members_membership SET name_initials = NEW.name_initials WHERE person_id = NEW.id;
    END""",
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ("members_membership_initials_insert", "members_membership_initials_update", "members_person_initials")
]
SQLITE_FILL = """
UPDATE members_membership
SET name_initials = coalesce((SELECT name_initials FROM members_person WHERE id = members_membership.person_id), '')
"""


def _sqlite_tally_triggers() -> dict[str, str]:
    tally = import_module("unionhall.members.migrations.0003_member_tally")
    tolerant = import_module("unionhall.members.migrations.0006_tally_triggers_tolerate_missing_person")
    return {**tolerant.TRIGGERS, "members_tally_person": tally.SQLITE_UP[3]}


def drop_tally_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for name in _sqlite_tally_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_tally_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for name, sql in _sqlite_tally_triggers().items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(sql)


def install(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # filled before the triggers exist, so the million-row UPDATE does not look each person up twice
        statements = [POSTGRES_FILL, POSTGRES_UP]
    else:
        statements = [*SQLITE_UP, SQLITE_FILL]
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        statements = [POSTGRES_DOWN]
    else:
        statements = SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("members", "0008_person_name_sort_last4")]

    operations = [
        migrations.RunPython(drop_tally_triggers, create_tally_triggers),
        migrations.AddField(
            model_name="membership",
            name="name_initials",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=50, verbose_name="姓名拼音首字母"
            ),
        ),
        migrations.RunPython(create_tally_triggers, drop_tally_triggers),
        migrations.RunPython(install, uninstall),
    ]
