"""Helpers around MemberTally, the per-union count of open memberships that database triggers keep exact."""

from __future__ import annotations

from django.db import connection

from unionhall.members.models import MemberTally


def lock_tallies(*org_ids: int) -> None:
    """Lock these unions' tally rows, in id order, before a write that touches more than one of them.

    A transfer closes a membership in one union and opens one in another in two statements; each statement's
    trigger locks the row it changes. Two transfers crossing in opposite directions would then lock the two
    rows in opposite orders and deadlock. Locking both first, always in the same order, prevents that.
    SQLite has one writer at a time and no row locks: nothing to do.
    """
    if connection.vendor != "postgresql":
        return
    ids = sorted(set(org_ids))
    table = MemberTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (org_id, members, platform_members) "
            "SELECT unnest(%s::bigint[]), 0, 0 ON CONFLICT (org_id) DO NOTHING",
            [ids],
        )
        cursor.execute(f"SELECT 1 FROM {table} WHERE org_id = ANY(%s) ORDER BY org_id FOR UPDATE", [ids])  # noqa: S608
