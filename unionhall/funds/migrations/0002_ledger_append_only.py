"""Database triggers that keep the ledger append-only even against raw SQL (as for the audit trail).

UPDATE of an entry or a journal is refused on every engine; DELETE on PostgreSQL. On SQLite (the local
demo) the test database is emptied with DELETE between transactional tests, so there the querysets guard.
"""

from django.db import migrations

TABLES = ("funds_ledgerentry", "funds_journal")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION funds_ledger_append_only() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION '账目只增不改 (the ledger is append-only)';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION funds_ledger_append_only();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, '账目只增不改 (the ledger is append-only)'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS funds_ledger_append_only();")


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
