"""Bulk helpers: arrays passed as one text parameter survive any text, and matching many keys gives the same
rows on every engine, in one query on PostgreSQL and in chunks elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection

from unionhall.core import bulk
from unionhall.orgs.models import OrgUnit
from unionhall.tests.city import City

AWKWARD = ["plain", "", "with,comma", 'with "quotes"', "back\\slash", "{braces}", "NULL", "中文 空格", "tab\there"]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "cast"),
    [
        (AWKWARD, "text[]"),
        ([1, 2, None, 40_000_000_000], "bigint[]"),
        ([True, False, None], "boolean[]"),
        ([date(2020, 3, 5), None], "date[]"),
        ([datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)], "timestamptz[]"),
    ],
)
def test_an_array_literal_reads_back_as_the_values(values: list[Any], cast: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}", [bulk.array_literal(values)])
        assert cursor.fetchone()[0] == values


def test_where_in_finds_the_same_rows_in_one_query_or_in_chunks(city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "IN_CHUNK", 3)
    names = ["东区总工会", "西区总工会", "东方机械公司工会", "西方纺织公司工会"]
    querysets = list(bulk.where_in(OrgUnit.objects.all(), "name", [*AWKWARD, *names]))
    assert len(querysets) == (1 if connection.vendor == "postgresql" else 5)
    assert sorted(name for qs in querysets for name in qs.values_list("name", flat=True)) == sorted(names)
    ids = [city.u1.pk, city.u3.pk]
    assert sorted(
        pk for qs in bulk.where_in(OrgUnit.objects.all(), "pk", ids) for pk in qs.values_list("pk", flat=True)
    ) == sorted(ids)
    assert list(bulk.where_in(OrgUnit.objects.all(), "pk", [])) == []
