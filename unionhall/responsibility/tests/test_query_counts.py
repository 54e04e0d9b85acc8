"""No N+1 on the responsibility lists: the map, its export, the visits, the overdue points and a cadre's page run
the same queries however many units, points, cadres and visits they show."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
from django.urls import reverse

from unionhall.accounts.models import User
from unionhall.orgs.models import Grant, GrassrootsKind, OrgLevel, Role
from unionhall.responsibility.models import Frequency, Visit
from unionhall.responsibility.tests.support import area, point
from unionhall.tests.city import City, make_unit
from unionhall.tests.querycount import assert_queries_do_not_grow, links, sheet_rows

pytestmark = pytest.mark.django_db
_serial = count(1)


def grow(city: City, n: int = 3) -> None:
    """n new unions under T1, each a fixed point of a new cadre (their own name and grant) with a visit, and a
    new town under D1 held as an area by another."""
    for _ in range(n):
        i = next(_serial)
        union = make_unit(city.t1, f"D1-T1-G{i}", f"增长工会{i}", OrgLevel.GRASSROOTS, kind=GrassrootsKind.ENTERPRISE)
        cadre = User.objects.create_user(username=f"grow_cadre_{i}", password="x")
        Grant.objects.create(user=cadre, role=Role.FEDERATION_CADRE, org=city.t1)
        p = point(cadre, union, frequency=Frequency.MONTHLY, starts_on=date(2025, 1, 1))
        Visit.objects.create(assignment=p, visited_on=date(2025, 1, 10), purpose=f"增长走访{i}", findings="正常")
        town = make_unit(city.d1, f"D1-G{i}", f"增长街道{i}", OrgLevel.TOWN)
        area(city.users["cadre_d1"], town, "rights")


@pytest.mark.parametrize(
    ("url_name", "shown"),
    [
        ("responsibility:map", links("orgs:detail")),
        ("responsibility:map_export", sheet_rows),
        ("responsibility:visits", links("responsibility:visit")),
        ("responsibility:overdue", links("responsibility:assignment")),
    ],
)
def test_a_list_runs_the_same_queries_for_more_rows(city: City, url_name: str, shown: object) -> None:
    grow(city, 1)
    client = city.client("cadre_d1")
    assert_queries_do_not_grow(
        lambda: client.get(reverse(url_name), {"org": city.d1.code}),
        grow=lambda: grow(city),
        rows=shown,  # type: ignore[arg-type]
    )


def test_the_cadres_page_runs_the_same_queries_for_more_points_and_visits(city: City) -> None:
    cadre = city.users["cadre_t1"]

    def more() -> None:
        for _ in range(3):
            i = next(_serial)
            union = make_unit(
                city.t1, f"D1-T1-H{i}", f"增长工会{i}", OrgLevel.GRASSROOTS, kind=GrassrootsKind.ENTERPRISE
            )
            p = point(cadre, union, starts_on=date(2025, 1, 1))
            Visit.objects.create(assignment=p, visited_on=date(2025, 2, 1), purpose="走访", findings="正常")

    more()
    client = city.client("cadre_d1")
    assert_queries_do_not_grow(
        lambda: client.get(reverse("responsibility:cadre", args=[cadre.pk])),
        grow=more,
        rows=links("responsibility:visit"),
    )
