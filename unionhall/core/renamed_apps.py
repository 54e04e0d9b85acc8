"""Apps that changed their label: a database made before the rename keeps its data and its migration history.

Issue 13 gave three apps clear names (portal → joining, workers → worker_portal, deliveries → ten_services).
Their migrations moved with them unchanged, so the new label's history is the old one's. A database made
before the rename still names the old label in its tables (`portal_joinapplication`), in django_migrations
and in django_content_type; `manage.py migrate` (core/management/commands/migrate.py) calls
`follow_renamed_apps` first, which moves all three to the new label in one transaction per app. Permissions
and the admin log point at the content type's row, so they follow it.

core imports no other app: the renames are plain data here, and the tables are found in the database by the
old label's prefix.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# old label → new label
RENAMED_APPS: dict[str, str] = {"portal": "joining", "workers": "worker_portal", "deliveries": "ten_services"}

# The sequences a PostgreSQL table owns (an identity column's, or a serial's), by the table's name.
OWNED_SEQUENCES = """
    SELECT s.relname FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
    JOIN pg_class t ON t.oid = d.refobjid
    WHERE s.relkind = 'S' AND d.deptype IN ('a', 'i') AND t.relname = %s AND pg_table_is_visible(t.oid)
"""


def follow_renamed_apps(connection: BaseDatabaseWrapper, renamed: dict[str, str] = RENAMED_APPS) -> list[str]:
    """Move each renamed app's tables, migration rows and content types from its old label to its new one,
    and say what was moved, one line per app. Only where django_migrations has rows of the old label and none
    of the new one: a new database, and any database the second time, is left as it is."""
    said: list[str] = []
    for old, new in renamed.items():
        tables = set(connection.introspection.table_names())
        if "django_migrations" not in tables:
            return said
        old_migrations, new_migrations = _applied(connection, old), _applied(connection, new)
        if not old_migrations:
            continue
        if new_migrations:
            said.append(f"应用改名 {old} → {new}：两个标签都有已执行的迁移，未改动，请人工核对。")
            continue
        # A table of the old prefix that an installed model uses belongs to that model, not to the old app.
        owned = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        moves = [(t, new + t[len(old) :]) for t in sorted(tables) if t.startswith(f"{old}_") and t not in owned]
        taken = [to for _, to in moves if to in tables]
        if taken:
            raise CommandError(f"应用改名 {old} → {new}：数据库里已有表 {', '.join(taken)}，无法改名。")
        with connection.schema_editor(atomic=True) as editor:
            for was, to in moves:
                rename_table(editor, was, to)
            editor.execute("UPDATE django_migrations SET app = %s WHERE app = %s", (new, old))
            if "django_content_type" in tables:
                editor.execute("UPDATE django_content_type SET app_label = %s WHERE app_label = %s", (new, old))
        said.append(f"应用改名 {old} → {new}：{len(moves)} 张表、{old_migrations} 条迁移记录与内容类型已改用新标签。")
    return said


def _applied(connection: BaseDatabaseWrapper, label: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = %s", [label])
        return int(cursor.fetchone()[0])


def rename_table(editor: BaseDatabaseSchemaEditor, was: str, to: str) -> None:
    quote = editor.quote_name
    editor.execute(editor.sql_rename_table % {"old_table": quote(was), "new_table": quote(to)})
    if editor.connection.vendor != "postgresql":
        return  # SQLite renames the table's entry in sqlite_sequence with it
    # PostgreSQL keeps an identity column's sequence under the old table's name; it follows the table so
    # a renamed database and a new one look alike (Django finds it by column, pg_get_serial_sequence).
    with editor.connection.cursor() as cursor:
        cursor.execute(OWNED_SEQUENCES, [to])
        sequences = [row[0] for row in cursor.fetchall()]
    for sequence in sequences:
        if sequence.startswith(was):
            editor.execute(f"ALTER SEQUENCE {quote(sequence)} RENAME TO {quote(to + sequence[len(was) :])}")
