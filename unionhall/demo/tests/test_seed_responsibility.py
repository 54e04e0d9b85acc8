"""seed_demo's 包片·定点·管线: cadres with areas, points and lines, visits with problems, and one point whose
visit is overdue and reminded."""

from __future__ import annotations

import datetime as dt

import pytest

from unionhall.demo.seed import seed_demo
from unionhall.notifications.models import Notification
from unionhall.orgs.models import OrgUnit
from unionhall.responsibility.answers import AREA, POINT, who_answers
from unionhall.responsibility.models import Assignment, Kind, ProblemStatus, VisitProblem
from unionhall.responsibility.selectors import overdue_points

DAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def test_the_demo_city_has_areas_points_lines_visits_and_an_overdue_point() -> None:
    seed_demo(members=300, seed=7, today=DAY)
    assert Assignment.objects.filter(kind=Kind.AREA).count() == 3
    assert Assignment.objects.filter(kind=Kind.POINT).count() == 3
    chair_union = OrgUnit.objects.get(code="SZ-GS-01-E01")
    organizing = who_answers(chair_union, "organizing", today=DAY)
    assert organizing is not None and (organizing.user.username, organizing.basis) == ("cadre_town", POINT)
    rights = who_answers(chair_union, "rights", today=DAY)
    assert rights is not None and (rights.user.username, rights.basis) == ("cadre_gusu", AREA)
    overdue = list(overdue_points(Assignment.objects.all(), today=DAY))
    assert [a.cadre.username for a in overdue] == ["cadre_town"]
    assert {p.status for p in VisitProblem.objects.all()} == {ProblemStatus.OPEN, ProblemStatus.CLOSED}
    assert Notification.objects.filter(user__username="cadre_town", kind="responsibility.visit_overdue").exists()
