"""`who_answers(unit, line)`: the fixed point first, then the nearest area up the tree, then the federation's
default; one page of units at once in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unionhall.orgs import services as org_services
from unionhall.orgs.models import OrgUnit
from unionhall.responsibility.answers import AREA, DEFAULT, POINT, Answers, by_line, who_answers
from unionhall.responsibility.models import Assignment, Frequency, Kind, Line
from unionhall.responsibility.tests.support import area, point
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_fixed_point_holder_answers_before_any_area(city: City) -> None:
    area(city.users["cadre_d1"], city.t1)
    point(city.users["cadre_t1"], city.u1, "organizing")
    answer = who_answers(city.u1, "organizing")
    assert answer is not None
    assert (answer.user, answer.basis) == (city.users["cadre_t1"], POINT)
    assert answer.label.startswith("cadre_t1（")


def test_a_point_answers_only_for_its_own_unit_not_its_subtree(city: City) -> None:
    area(city.users["cadre_d1"], city.d1)
    point(city.users["cadre_t1"], city.u1)
    answer = who_answers(city.b1, "organizing")
    assert answer is not None and (answer.user, answer.basis) == (city.users["cadre_d1"], AREA)


def test_a_point_for_another_line_leaves_the_unit_to_its_area(city: City) -> None:
    area(city.users["cadre_d1"], city.t1)
    point(city.users["cadre_t1"], city.u1, "rights")
    answer = who_answers(city.u1, "organizing")
    assert answer is not None and (answer.user, answer.basis) == (city.users["cadre_d1"], AREA)
    rights = who_answers(city.u1, "rights")
    assert rights is not None and rights.basis == POINT


def test_the_nearest_of_nested_areas_answers(city: City) -> None:
    area(city.users["city_admin"], city.city)
    area(city.users["cadre_d1"], city.t1)
    assert who_answers(city.u1, "assistance").user == city.users["cadre_d1"]  # type: ignore[union-attr]
    assert who_answers(city.d2, "assistance").user == city.users["city_admin"]  # type: ignore[union-attr]


def test_nobody_assigned_falls_back_to_the_federation_cadre_of_the_nearest_unit_with_one(city: City) -> None:
    answer = who_answers(city.u1, "organizing")
    assert answer is not None and (answer.user, answer.basis) == (city.users["cadre_t1"], DEFAULT)
    # The city has an admin but no federation cadre: nobody answers at its own level.
    assert who_answers(city.city, "organizing") is None


def test_a_unit_moved_in_the_tree_answers_from_its_new_place(city: City) -> None:
    area(city.users["cadre_d1"], city.t1)
    area(city.users["outsider"], city.t2)
    assert who_answers(city.u1, "organizing").user == city.users["cadre_d1"]  # type: ignore[union-attr]
    org_services.orgunit_move(actor=SYSTEM, unit=city.u1, new_parent=city.t2)
    moved = OrgUnit.objects.get(pk=city.u1.pk)
    answer = who_answers(moved, "organizing")
    assert answer is not None and (answer.user, answer.basis) == (city.users["outsider"], AREA)
    child = who_answers(OrgUnit.objects.get(pk=city.b1.pk), "organizing")
    assert child is not None and child.user == city.users["outsider"]


def test_an_ended_assignment_no_longer_answers_but_did_on_its_days(city: City) -> None:
    area(city.users["cadre_d1"], city.t1, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30))
    then = who_answers(city.u1, "rights", today=date(2025, 6, 30))
    assert then is not None and then.basis == AREA
    now = who_answers(city.u1, "rights", today=date(2025, 7, 1))
    assert now is not None and (now.user, now.basis) == (city.users["cadre_t1"], DEFAULT)


def test_an_assignment_naming_no_line_covers_a_line_added_later(city: City) -> None:
    area(city.users["cadre_d1"], city.t1)
    Line.objects.create(code="libraries", name="职工书屋", order=80)
    answer = who_answers(city.u2, "libraries")
    assert answer is not None and answer.basis == AREA


def test_a_page_of_units_is_answered_in_a_fixed_number_of_queries(city: City) -> None:
    area(city.users["cadre_d1"], city.t1)
    point(city.users["cadre_t1"], city.u2)
    units = list(OrgUnit.objects.order_by("path"))
    with CaptureQueriesContext(connection) as queries:
        answers = Answers("organizing", paths=[u.path for u in units])
        found = {u.code: answers.of(u.path) for u in units}
        labels = [a.label for a in found.values() if a is not None]
    assert len(queries) <= 6
    assert len(labels) == len(units) - 1  # the root: nobody
    assert found["D1-T1-U2"].basis == POINT  # type: ignore[union-attr]
    assert found["D1-T1-U1-B1"].basis == AREA  # type: ignore[union-attr]
    assert found["D2-T1-U1"].basis == DEFAULT  # type: ignore[union-attr]


def test_answered_by_selects_exactly_the_units_of_which_the_user_is_the_answer(city: City) -> None:
    area(city.users["cadre_d1"], city.d1)
    area(city.users["cadre_t1"], city.u1)
    point(city.users["cadre_d1"], city.b1)  # theirs inside cadre_t1's area
    point(city.users["cadre_t1"], city.u2)  # and the other way round
    answers = Answers("organizing")
    for name in ("cadre_d1", "cadre_t1", "outsider", "city_admin"):
        user = city.users[name]
        selected = set(OrgUnit.objects.filter(answers.answered_by(user.pk)).values_list("code", flat=True))
        expected = {u.code for u in OrgUnit.objects.all() if (a := answers.of(u.path)) and a.user == user}
        assert selected == expected, name


def test_the_maps_columns_read_at_once_answer_as_each_line_asked_alone(city: City) -> None:
    """`by_line` reads every column's assignments in one query; each column must answer exactly as `Answers`
    of its line alone: points and areas naming a line or all lines, nested areas, a line's own point beside
    an all-lines one at the same unit, and the default."""
    area(city.users["city_admin"], city.city)
    area(city.users["cadre_d1"], city.t1, "rights", "assistance")
    area(city.users["outsider"], city.d2, "organizing")
    point(city.users["cadre_t1"], city.u1)
    # a line's own point beside an all-lines one at the same unit: the services refuse it, a bulk write may not
    rights_point = Assignment.objects.create(
        cadre=city.users["cadre_d1"],
        kind=Kind.POINT,
        org=city.u1,
        frequency=Frequency.QUARTERLY,
        starts_on=date(2025, 6, 1),
    )
    rights_point.lines.set(Line.objects.filter(code="rights"))
    point(city.users["cadre_t1"], city.u2, "assistance")
    units = list(OrgUnit.objects.order_by("path"))
    paths = [u.path for u in units]
    codes = list(Line.objects.values_list("code", flat=True))
    with CaptureQueriesContext(connection) as queries:
        columns = by_line(codes, paths=paths)
    assert len(queries) <= 6  # whatever the number of lines
    for code in codes:
        alone = Answers(code, paths=paths)
        for path in paths:
            got, expected = columns[code].of(path), alone.of(path)
            assert (got and (got.user, got.basis)) == (expected and (expected.user, expected.basis)), (code, path)
    assert columns["rights"].of(city.u1.path).user == city.users["cadre_d1"]  # type: ignore[union-attr]
    assert columns["organizing"].of(city.u1.path).user == city.users["cadre_t1"]  # type: ignore[union-attr]
