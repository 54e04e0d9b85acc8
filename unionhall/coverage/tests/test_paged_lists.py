"""The 三同步 and election lists are paged, counted and sorted by the database (issue 15): on random cities
with ties (namesakes, equal sizes, equal due dates) they equal, row for row and in order, the lists as Python
built them before (python_lists.py) — for every user, check, subtree, cadre, sort and page; and a page makes
only its own rows, however many the list holds.

Each example builds its employers or units inside a transaction that is rolled back afterwards.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.accounts.models import User
from unionhall.core.paging import then_by
from unionhall.coverage import selectors
from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.selectors import (
    ELECTION_ORDER,
    SYNC_ORDER,
    ElectionFilters,
    ElectionProblem,
    SyncCheck,
    SyncFilters,
    SyncList,
    election_list,
)
from unionhall.coverage.tests import python_lists
from unionhall.coverage.tests.support import member
from unionhall.coverage.tests.test_query_counts import late_employers, overdue_units
from unionhall.coverage.views import ELECTION_SORTS, SYNC_SORTS
from unionhall.members.models import MembershipStatus
from unionhall.orgs.models import Employer, Grant, GrassrootsKind, OrgLevel, OrgStatus, OrgUnit, Role
from unionhall.tests.city import City, make_unit, uscc

TODAY = date(2025, 1, 7)
# Names whose pinyin order is the same by ICU (PostgreSQL) and by names.sort_key (SQLite), repeated for ties.
NAMES = ["安达商贸公司", "白云物流公司", "陈记餐饮公司", "东方机械有限公司", "张氏工贸公司"]
_serial = count(1)

EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def sync_row(r: selectors.SyncRow) -> tuple[Any, ...]:
    return (r.employer.pk, r.check, r.due_on, r.days, r.done_late_on, r.members, r.note, [c.pk for c in r.cadres])


def election_row(r: selectors.ElectionRow) -> tuple[Any, ...]:
    return (r.unit.pk, r.overdue_days, r.no_chair, [c.pk for c in r.cadres])


def orders(sorts: dict[str, Any]) -> list[str]:
    return ["", *sorts, *(f"-{key}" for key in sorts)]


# --- 三同步 ----------------------------------------------------------------------------------------


def build_employers(draw: Any, city: City) -> None:
    CoverageSettings.objects.update_or_create(
        pk=1,
        defaults={
            "sync_since": date(2024, 1, 1),
            "sync_found_days": draw(st.sampled_from([30, 180])),
            "sync_join_rate": draw(st.sampled_from([Decimal("0.04"), Decimal("0.12"), Decimal("0.80")])),
            "size_threshold": 25,
        },
    )
    for union in (city.u1, city.u2, city.u3):
        founded = draw(st.one_of(st.none(), st.integers(-200, 500).map(lambda n: date(2024, 1, 1) + days(n))))
        OrgUnit.objects.filter(pk=union.pk).update(founded_on=founded)
    if draw(st.booleans()):  # a cadre of the union itself: the employers under it answer to them, not to T1
        cadre = User.objects.create_user(username=f"cadre_u1_{next(_serial)}")
        Grant.objects.create(user=cadre, role=Role.FEDERATION_CADRE, org=city.u1)
    Employer.objects.filter(pk__in=[city.e0.pk, city.e1.pk, city.e3.pk]).update(registered_on=date(2023, 6, 1))
    for _ in range(draw(st.integers(0, 10))):
        i = next(_serial)
        registered = date(2024, 1, 1) + days(draw(st.integers(-3, 380)))
        union = draw(st.sampled_from([None, city.u1, city.u2, city.u3]))
        e = Employer.objects.create(
            name=draw(st.sampled_from(NAMES)),
            uscc=uscc(f"3205069{i:08d}"),
            org=draw(st.sampled_from([city.t1, city.d1, city.t2, city.u1, city.city])),
            union=union,
            employee_count=draw(st.sampled_from([10, 25, 25, 30])),
            registered_on=registered,
            opened_on=None if draw(st.booleans()) else registered + days(draw(st.integers(0, 400))),
        )
        if union is not None:
            for _ in range(draw(st.integers(0, 4))):
                member(union, employer=e)
            if draw(st.booleans()):
                member(union, employer=e, status=MembershipStatus.LEFT)


@EXAMPLES
@given(data=st.data())
@pytest.mark.django_db
def test_the_sync_list_equals_the_python_list_for_every_filter_sort_cadre_and_page(city: City, data: Any) -> None:
    with transaction.atomic():
        build_employers(data.draw, city)
        for actor in ("city_admin", "cadre_d1", "chair_u1", "outsider"):
            user = city.users[actor]
            for check in ("", SyncCheck.FOUND, SyncCheck.START, SyncCheck.JOIN):
                for org in (None, city.d1, city.u1) if actor == "city_admin" else (None,):
                    filters = SyncFilters(check=check, org=org)
                    expected = python_lists.sync_rows(user, filters, today=TODAY)
                    rows = SyncList(user, filters, today=TODAY)
                    assert [sync_row(r) for r in rows] == [sync_row(r) for r in expected]
                    assert rows.count() == len(expected)
                    cadres = {c.pk for r in expected for c in r.cadres}
                    assert {c.pk for c in rows.cadres()} == cadres
                    for cadre in cadres:
                        narrowed = python_lists.sync_rows(user, SyncFilters(check, org, cadre), today=TODAY)
                        answered = rows.answered_by(cadre)
                        assert [sync_row(r) for r in answered] == [sync_row(r) for r in narrowed]
                        assert answered.count() == len(narrowed)

        user = city.users["city_admin"]
        expected = python_lists.sync_rows(user, SyncFilters(), today=TODAY)
        for key in orders(SYNC_SORTS):
            rows = SyncList(user, SyncFilters(), today=TODAY, order=then_by(key, SYNC_SORTS, SYNC_ORDER))
            want = [sync_row(r) for r in python_lists.sort_rows(expected, key, python_lists.SYNC_SORTS)]
            assert [sync_row(r) for r in rows] == want, key
            cut = data.draw(st.integers(0, len(want)))
            assert [sync_row(r) for r in [*rows[:cut], *rows[cut : len(want) + 1]]] == want, key
            rows.chunk = 3  # the export reads in chunks
            assert [sync_row(r) for r in rows] == want, key
        transaction.set_rollback(True)


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Count the rows of kind `name` (SyncRow, ElectionRow) the selectors make."""
    made: list[Any] = []
    real = getattr(selectors, name)

    def make(*args: Any, **kwargs: Any) -> Any:
        row = real(*args, **kwargs)
        made.append(row)
        return row

    monkeypatch.setattr(selectors, name, make)
    return made


def test_a_page_of_the_sync_list_makes_only_its_own_rows(city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    late_employers(city, 30)
    client = city.client("cadre_d1")
    client.get(reverse("coverage:sync"))  # warm what is done once (the settings row, caches)
    made = counting(monkeypatch, "SyncRow")
    with CaptureQueriesContext(connection) as first:
        response = client.get(reverse("coverage:sync"), {"per_page": 20})
    page = response.context["page"]
    assert page.paginator.count > 40
    assert len(page) == len(made) == 20
    made.clear()
    with CaptureQueriesContext(connection) as last:
        response = client.get(reverse("coverage:sync"), {"per_page": "20", "page": "3", "sort": "-days"})
    assert len(response.context["page"]) == len(made) == page.paginator.count - 40
    assert len(last.captured_queries) == len(first.captured_queries)
    assert any("LIMIT 20" in q["sql"] for q in first.captured_queries)


# --- committee elections ---------------------------------------------------------------------------


def build_units(draw: Any, city: City) -> None:
    for _ in range(draw(st.integers(0, 10))):
        i = next(_serial)
        parent = OrgUnit.objects.get(pk=draw(st.sampled_from([city.t1, city.d1, city.t2, city.u1])).pk)
        level = draw(st.sampled_from([OrgLevel.GRASSROOTS, OrgLevel.JOINT, OrgLevel.BRANCH, OrgLevel.TOWN]))
        ends = draw(st.one_of(st.none(), st.integers(-400, 30).map(lambda n: TODAY + days(n))))
        make_unit(
            parent,
            f"{parent.code}-P{i}",
            draw(st.sampled_from(NAMES)).replace("公司", "工会"),
            level,
            kind=GrassrootsKind.ENTERPRISE if level == OrgLevel.GRASSROOTS else "",
            chair_name=draw(st.sampled_from(["", "张主席"])),
            term_ends_on=ends,
            status=draw(st.sampled_from([OrgStatus.ACTIVE] * 4 + [OrgStatus.DISSOLVED])),
        )


@EXAMPLES
@given(data=st.data())
@pytest.mark.django_db
def test_the_election_list_equals_the_python_list_for_every_filter_sort_and_page(city: City, data: Any) -> None:
    with transaction.atomic():
        build_units(data.draw, city)
        for actor in ("city_admin", "cadre_d1", "chair_u1"):
            user = city.users[actor]
            for problem in ("", ElectionProblem.OVERDUE, ElectionProblem.NO_CHAIR):
                for org, level in ((None, ""), (city.d1, ""), (None, OrgLevel.GRASSROOTS)):
                    filters = ElectionFilters(problem=problem, org=org, level=level)
                    expected = python_lists.election_rows(user, filters, today=TODAY)
                    rows = election_list(user, filters, today=TODAY)
                    assert [election_row(r) for r in rows] == [election_row(r) for r in expected]
                    assert rows.count() == len(expected)

        user = city.users["city_admin"]
        expected = python_lists.election_rows(user, ElectionFilters(), today=TODAY)
        for key in orders(ELECTION_SORTS):
            rows = election_list(
                user, ElectionFilters(), today=TODAY, order=then_by(key, ELECTION_SORTS, ELECTION_ORDER)
            )
            want = [election_row(r) for r in python_lists.sort_rows(expected, key, python_lists.ELECTION_SORTS)]
            assert [election_row(r) for r in rows] == want, key
            cut = data.draw(st.integers(0, len(want)))
            assert [election_row(r) for r in [*rows[:cut], *rows[cut : len(want) + 1]]] == want, key
        transaction.set_rollback(True)


def test_a_page_of_the_election_list_makes_only_its_own_rows(city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    overdue_units(city, 30)
    client = city.client("cadre_d1")
    client.get(reverse("coverage:elections"))  # warm what is done once (the settings row, caches)
    made = counting(monkeypatch, "ElectionRow")
    with CaptureQueriesContext(connection) as first:
        response = client.get(reverse("coverage:elections"), {"per_page": 20})
    page = response.context["page"]
    assert page.paginator.count > 25
    assert len(page) == len(made) == 20
    made.clear()
    with CaptureQueriesContext(connection) as last:
        response = client.get(reverse("coverage:elections"), {"per_page": "20", "page": "2", "sort": "unit"})
    assert len(response.context["page"]) == len(made) == page.paginator.count - 20
    assert len(last.captured_queries) == len(first.captured_queries)
    assert any("LIMIT 20" in q["sql"] for q in first.captured_queries)
