"""The indexes of persons and memberships (migrations 0009–0011): every start the search matches keeps an index
that PostgreSQL uses for it, and the indexes no query uses, which every roster import paid for, are gone."""

from __future__ import annotations

import pytest
from django.db import connection

from unionhall.core.bulk import where_in
from unionhall.members.models import Membership, Person
from unionhall.members.selectors import search_condition
from unionhall.tests.factories import valid_id

pytestmark = pytest.mark.postgres  # pattern indexes (varchar_pattern_ops) exist on PostgreSQL only


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def _plan(q: str) -> str:
    """The plan of the member search for `q`, with sequential scans priced out so that any usable index shows."""
    sql, params = Membership.objects.filter(search_condition(q)).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("q", "index"),
    [
        ("王小", "members_person_name_pfx"),
        ("wxm", "members_membership_initials_org"),  # the initials copied beside the union (migration 0009)
        ("139123", "members_person_phone_pfx"),
        ("13912345678", "members_person_phone_pfx"),
        ("GH0000000001", "members_membership_member_no"),
        ("1234", "members_person_id_number_last4_hash"),
        (valid_id("11010519900101011"), "members_person_id_number_hash_key"),
    ],
)
def test_each_start_the_search_matches_is_found_by_an_index(db: None, q: str, index: str) -> None:
    assert index in _plan(q)


def test_persons_keep_one_prefix_index_per_searched_start_and_none_unused(db: None) -> None:
    person = _indexes("members_person")
    for column in ("name", "phone", "name_initials"):
        on_column = [d for d in person.values() if d.endswith(f"({column})") or f"({column} varchar" in d]
        assert on_column == [next(d for d in on_column if "varchar_pattern_ops" in d)]
    for column in ("id_number_hash", "id_number_last4_hash", "name_sort", "hukou_division_id"):
        assert not [d for d in person.values() if f"({column} varchar_pattern_ops)" in d]
    membership = _indexes("members_membership")
    assert not [d for d in membership.values() if "(member_no varchar_pattern_ops)" in d]
    assert not [d for d in membership.values() if d.endswith("(org_id)")]


def test_the_keyed_hashes_are_compared_as_bytes_and_still_found_by_their_index(db: None) -> None:
    """Migration 0010: collation "C" on the hash columns; a lookup by a parameter of the default collation,
    and the roster commit's `= ANY(array)`, still use the index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation "
            "WHERE a.attrelid = 'members_person'::regclass AND a.attname LIKE 'id_number%%hash'"
        )
        assert dict(cursor.fetchall()) == {"id_number_hash": "C", "id_number_last4_hash": "C"}
    (found,) = where_in(Person.objects.all(), "id_number_hash", ["a" * 64, "b" * 64])
    sql, params = found.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        assert "members_person_id_number_hash_key" in "\n".join(row[0] for row in cursor.fetchall())


def test_the_optional_links_are_indexed_only_where_set(db: None) -> None:
    """Migration 0011: an import sets none of them, and a lookup of a given value still finds its index."""
    for table, column in (
        ("members_person", "hukou_division_id"),
        ("members_membership", "employer_id"),
        ("members_membershipevent", "from_org_id"),
    ):
        # (三同步's index of open members by employer is another matter: its condition is the status.)
        on_column = [d for d in _indexes(table).values() if f"({column})" in d and "status" not in d]
        assert len(on_column) == 1
        assert on_column[0].endswith(f"WHERE ({column} IS NOT NULL)")
    sql, params = Membership.objects.filter(employer_id=1).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        assert "members_mship_employer_idx" in "\n".join(row[0] for row in cursor.fetchall())
