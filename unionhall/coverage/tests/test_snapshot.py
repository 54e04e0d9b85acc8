"""The coverage year-end snapshot: it keeps what the dashboard shows, once per unit and year, for the year that
just ended in the city's time zone, and the dashboard sets last year's rates beside this year's."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from unionhall.core.errors import NotFound, ValidationError
from unionhall.coverage import selectors, services, views
from unionhall.coverage.models import CoverageSnapshot
from unionhall.coverage.tests.support import load_divisions, member
from unionhall.orgs.models import Employer
from unionhall.tests.city import City, uscc

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def town(city: City) -> City:
    """The small city with divisions and a few members, so that every count has something in it."""
    load_divisions(city)
    member(city.u1, employer=city.e1)
    member(city.u1, employer=city.e1)
    member(city.b1, platform=True)
    member(city.u3)
    return city


def take(city: City, year: int) -> int:
    return services.coverage_snapshot_take(actor=city.users["city_admin"], year=year)


def test_the_snapshot_keeps_the_figures_the_dashboard_shows_for_every_unit(town: City) -> None:
    shown = selectors.coverage_tree(town.users["city_admin"], town.city)
    take(town, 2025)
    kept = {s.org_id: s.figures for s in CoverageSnapshot.objects.filter(year=2025)}
    assert kept == {n.id: n.total.as_dict() for n in shown.values()}
    assert kept[town.t1.pk]["members"] == 3 and kept[town.t1.pk]["villages"] == 2


def test_taking_it_twice_keeps_one_row_per_unit_and_year_with_the_later_figures(town: City) -> None:
    take(town, 2025)
    take(town, 2024)
    member(town.u1, employer=town.e1)
    units = take(town, 2025)
    assert CoverageSnapshot.objects.filter(year=2025).count() == units
    assert CoverageSnapshot.objects.filter(year=2024).count() == units  # another year is left alone
    # U1 counts its own members and its workshop branch's: 3, then 4 with the new member.
    assert CoverageSnapshot.objects.get(year=2025, org=town.u1).figures["members"] == 4
    assert CoverageSnapshot.objects.get(year=2024, org=town.u1).figures["members"] == 3


def test_only_a_coverage_manager_at_the_root_takes_it_and_only_for_a_past_or_this_year(town: City) -> None:
    with pytest.raises(NotFound):  # a district cadre does not see the root
        services.coverage_snapshot_take(actor=town.users["cadre_d1"], year=2025)
    with pytest.raises(ValidationError):
        take(town, 2999)
    assert not CoverageSnapshot.objects.exists()


def test_the_command_on_new_years_night_in_shanghai_keeps_the_year_just_ended(town: City) -> None:
    # 00:30 on 1 January in Shanghai is still 31 December in UTC.
    out = io.StringIO()
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        call_command("coverage_snapshot", stdout=out)
    assert '"year": 2026' in out.getvalue()
    assert set(CoverageSnapshot.objects.values_list("year", flat=True)) == {2026}


def test_the_dashboard_sets_last_years_rates_beside_this_years_when_the_snapshot_exists(town: City) -> None:
    year = views.previous_year()
    take(town, year)
    # Since then a covered employer has joined the district: this year's 建会率 moves, last year's stays.
    Employer.objects.create(
        name="东区新建会公司", uscc=uscc("320508GGGG6666"), org=town.t1, union=town.u1, employee_count=40
    )
    response = town.client("cadre_d1").get(reverse("coverage:node", kwargs={"pk": town.d1.pk}))
    chart = response.context["chart"]
    assert chart["previous"] is True
    [t1] = chart["items"]
    assert (t1["unionization"], t1["unionization_prev"]) == (66.7, 50.0)
    assert (t1["membership"], t1["membership_prev"]) == (0.9, 1.0)  # 3 members of 340 employees, of 300
    text = response.content.decode()
    assert f"上年为 {year} 年末快照" in text and "暂不能与上年比较" not in text
    assert 'data-testid="previous-unionization">50.0%' in text


def test_without_last_years_snapshot_the_page_says_it_cannot_compare(town: City) -> None:
    take(town, views.previous_year() - 1)  # two years ago is not last year
    response = town.client("cadre_d1").get(reverse("coverage:node", kwargs={"pk": town.d1.pk}))
    assert response.context["chart"]["previous"] is False
    assert "unionization_prev" not in response.context["chart"]["items"][0]
    text = response.content.decode()
    assert "暂不能与上年比较" in text and "年末快照" not in text and "previous-unionization" not in text


def test_the_outsider_gets_no_dashboard_of_the_district_even_with_a_snapshot(town: City) -> None:
    take(town, views.previous_year())
    response = town.client("outsider").get(reverse("coverage:node", kwargs={"pk": town.d1.pk}))
    assert response.status_code == 404
    assert "东一街道总工会" not in response.content.decode()
