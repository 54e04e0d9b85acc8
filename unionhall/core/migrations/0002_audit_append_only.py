"""Database triggers that keep the audit trail append-only even against raw SQL from the application.

UPDATE is refused on every engine. DELETE is refused on PostgreSQL; on SQLite (the local demo) the
test database is emptied with DELETE between transactional tests, so there the model and queryset guard.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION '审计记录不可修改或删除 (audit events are append-only)';
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE OR DELETE ON core_auditevent
              FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
            """
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            """
            CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
            BEGIN SELECT RAISE(ABORT, '审计记录不可修改 (audit events are append-only)'); END;
            """
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS core_auditevent_no_update ON core_auditevent;"
            "DROP FUNCTION IF EXISTS core_auditevent_append_only();"
        )
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update;")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
