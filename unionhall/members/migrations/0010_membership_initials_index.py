"""The search by pinyin initials gets its index on PostgreSQL (issue 15, docs/performance.md), in a migration
of its own: built after 0009's fill is committed, it need not also hold the million row versions the fill left
behind. At a million members it is 49 MB; while another transaction older than the fill stays open anywhere on
the server those versions are kept and indexed too (98 MB, 49 MB again after REINDEX INDEX CONCURRENTLY).
SQLite holds a demo-sized city, and its LIKE cannot use this index."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The initials' prefix first (varchar_pattern_ops, so LIKE 'zw%' is a range of it), the union beside it, the
# status and id carried along: the search reads only this index (an index-only scan), checks each entry's union
# against the searcher's units, gathered once, and stops at SEARCH_LIMIT. A finer histogram of the initials
# (1,000 buckets, not 100) lets the planner see that 'tf%' is 2,300 rows, not 77; with the coarse one it looked
# up each entry's union by key instead.
POSTGRES_INDEX = """
CREATE INDEX members_membership_initials_org ON members_membership (name_initials varchar_pattern_ops, org_id)
    INCLUDE (status, id);
ALTER TABLE members_membership ALTER COLUMN name_initials SET STATISTICS 1000;
ANALYZE members_membership;
"""

POSTGRES_DROP = """
DROP INDEX IF EXISTS members_membership_initials_org;
ALTER TABLE members_membership ALTER COLUMN name_initials SET STATISTICS -1;
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("members", "0009_membership_name_initials")]

    operations = [migrations.RunPython(create, drop)]
