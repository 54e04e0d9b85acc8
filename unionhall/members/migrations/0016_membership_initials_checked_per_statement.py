"""A membership's copy of its person's initials (0009) is checked once per statement on PostgreSQL instead of
looked up for every row inserted (issue 15: the roster import's COPY of 100,000 memberships spent about 2 s
of server CPU in the row trigger, docs/performance.md).

The copy stays exact whoever writes; only the work moves:
- a writer that gives no initials (a service through the ORM: the field's default '') gets its person's in
  the row as it is written, as before: the BEFORE INSERT row trigger now fires only for those rows (WHEN);
- a writer that gives initials (the roster import and seed_city compute them with the person's own) has them
  checked against the persons once per INSERT statement, as one join of the inserted rows (a transition
  table) with persons; a row whose copy differs from its person's — a wrong value, or one written by hand —
  is corrected by one UPDATE, in the same statement's triggers, so a wrong value never sticks;
- an UPDATE of a membership's person or copy takes the person's as before (row trigger), and a person's
  rename passes to their memberships as before (0009).
SQLite is unchanged: its AFTER triggers already compare and correct only rows that differ (0009).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

POSTGRES_UP = """
DROP TRIGGER members_membership_initials ON members_membership;

CREATE TRIGGER members_membership_initials_fill BEFORE INSERT ON members_membership
    FOR EACH ROW WHEN (NEW.name_initials = '') EXECUTE FUNCTION members_membership_initials();
CREATE TRIGGER members_membership_initials BEFORE UPDATE OF person_id, name_initials ON members_membership
    FOR EACH ROW EXECUTE FUNCTION members_membership_initials();

CREATE FUNCTION members_membership_initials_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- the check reads the inserted rows once; the UPDATE (whose row trigger above takes the person's value)
    -- runs only when some row is wrong, so a correct bulk write fires no UPDATE triggers
    IF EXISTS (
        SELECT FROM new_rows n JOIN members_person p ON p.id = n.person_id
        WHERE n.name_initials IS DISTINCT FROM p.name_initials
    ) THEN
        UPDATE members_membership m SET name_initials = p.name_initials
        FROM new_rows n JOIN members_person p ON p.id = n.person_id
        WHERE m.id = n.id AND n.name_initials IS DISTINCT FROM p.name_initials;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER members_membership_initials_check AFTER INSERT ON members_membership
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_membership_initials_check();
"""

POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS members_membership_initials_check ON members_membership;
DROP FUNCTION IF EXISTS members_membership_initials_check();
DROP TRIGGER IF EXISTS members_membership_initials_fill ON members_membership;
DROP TRIGGER IF EXISTS members_membership_initials ON members_membership;
CREATE TRIGGER members_membership_initials BEFORE INSERT OR UPDATE OF person_id, name_initials
    ON members_membership FOR EACH ROW EXECUTE FUNCTION members_membership_initials();
"""


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("members", "0015_membership_open_by_employer")]

    operations = [migrations.RunPython(forwards, backwards)]
