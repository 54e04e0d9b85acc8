"""The drill-down trail the dashboards share (orgs/drilldown.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.core.errors import NotFound
from unionhall.orgs.access import Cap
from unionhall.orgs.drilldown import opening, trail
from unionhall.tests.city import City


def test_the_trail_runs_from_the_highest_unit_in_reach_down_to_the_viewed_one(city: City) -> None:
    crumbs = trail(city.users["cadre_t1"], city.u1, Cap.COVERAGE_VIEW, "coverage:node")
    assert [c.name for c in crumbs] == ["东一街道总工会", "东方机械公司工会"]  # not the district or the city
    assert [c.url for c in crumbs] == [reverse("coverage:node", args=[u.pk]) for u in (city.t1, city.u1)]
    assert [c.current for c in crumbs] == [False, True]


def test_each_crumb_carries_the_filters_along(city: City) -> None:
    crumbs = trail(city.users["city_admin"], city.t1, Cap.ASSISTANCE_VIEW, "reports:node", "year=2025")
    assert [c.name for c in crumbs] == ["测试市总工会", "东区总工会", "东一街道总工会"]
    assert all(c.url.endswith("?year=2025") for c in crumbs)


def test_a_user_without_reach_gets_no_trail(city: City) -> None:
    assert trail(city.users["outsider"], city.u1, Cap.COVERAGE_VIEW, "coverage:node") == []


def test_a_dashboard_opens_at_the_users_one_top_unit(city: City) -> None:
    assert opening(city.users["cadre_d1"], Cap.RIGHTS_VIEW) == (city.d1, [])


def test_a_dashboard_does_not_exist_for_a_user_without_the_capability(city: City) -> None:
    with pytest.raises(NotFound):
        opening(city.users["nobody"], Cap.COVERAGE_VIEW)
