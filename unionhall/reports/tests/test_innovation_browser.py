"""A district cadre reads the innovation and competitions dashboard in a real browser: the charts draw under the
CSP at a laptop's and a phone's width without cutting names, a click on a town's name opens that town's
dashboard, and the competition's name opens its live ranking.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/innovation-*.png.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from unionhall.innovation.models import Kind, Status
from unionhall.reports.tests.innovation_support import competition, member, submission
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city
from unionhall.tests.dashboards import assert_fits, dashboard_checks

pytestmark = pytest.mark.browser


@pytest.fixture
def logged(transactional_db: Any) -> City:
    city = build_city()
    year = timezone.localdate().year
    a, b = member(city.u1), member(city.u1)
    member(city.u2)
    submission(city.u1, [a, b], on=date(year, 1, 10), status=Status.ADOPTED)
    submission(city.u1, [b], on=date(year, 1, 20), status=Status.BENEFIT_VERIFIED, benefit_fen=50_000_00)
    submission(city.u1, [a], on=date(year - 1, 1, 20), status=Status.ADOPTED, kind=Kind.SMALL_DESIGN)
    competition(city.d1, [(city.u1, ""), (city.u2, "")], title="东区重点工程劳动竞赛", year=year)
    c = member(city.u3)
    submission(city.u3, [c], on=date(year, 1, 10), title="西方纺织节能改造")
    return city


def test_a_district_cadre_drills_down_and_opens_a_ranking(visit: Visit, logged: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    page.get_by_role("navigation").get_by_role("link", name="创新与竞赛统计", exact=True).click()
    expect(page.get_by_role("heading", name="创新与竞赛统计：东区总工会")).to_be_visible()
    for chart in ("chart-adopted", "chart-benefit", "chart-kinds", "chart-children"):
        expect(page.get_by_test_id(chart)).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("row-total")).to_contain_text("50,000.00")
    assert "西方纺织" not in page.content()
    visit.screenshot("innovation-d1.png")
    page.get_by_test_id("innovation-children").get_by_role("link", name="东一街道总工会").first.click()
    expect(page.get_by_role("heading", name="创新与竞赛统计：东一街道总工会")).to_be_visible()
    expect(page.get_by_test_id("stat-rate")).to_contain_text("66.7%")
    page.get_by_test_id("ranking-link").first.click()
    page.wait_for_url("**/ranking/")
    expect(page.get_by_text("东区重点工程劳动竞赛").first).to_be_visible()
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
    assert visit.console_errors == [], visit.console_errors


def test_the_dashboard_fits_a_laptop_and_a_phone(visit: Visit, logged: City) -> None:
    visit.log_in("cadre_d1")
    readings = dashboard_checks(
        visit,
        reverse("reports:innovation_node", args=[logged.d1.pk]),
        "innovation",
        ("chart-adopted", "chart-benefit", "chart-kinds", "chart-children"),
    )
    assert_fits(readings)
    for r in readings:
        assert set(r.charts["chart-adopted"]["valued"]) >= {f"{timezone.localdate().year}年采纳"}
