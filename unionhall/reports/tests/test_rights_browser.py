"""A district cadre opens the rights dashboard in a real browser: every chart draws under the CSP and a
click on a town's bar opens that town's dashboard.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
The screenshot lands in test-artifacts/reports-rights.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.reports.tests.test_rights_selectors import populate
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city
from unionhall.tests.dashboards import assert_fits, dashboard_checks

pytestmark = pytest.mark.browser

CHARTS = ("chart-trend", "chart-wages")


@pytest.fixture
def town(transactional_db: Any) -> City:
    city = build_city()
    populate(city)
    return city


def test_a_district_cadre_drills_down_the_rights_dashboard(visit: Visit, town: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    page.get_by_role("navigation").get_by_role("link", name="维权统计", exact=True).click()
    expect(page.get_by_role("heading", name="维权统计：东区总工会")).to_be_visible()
    expect(page.get_by_test_id("stat-open")).to_contain_text("6")
    for chart in CHARTS:
        expect(page.get_by_test_id(chart)).to_have_attribute("data-ready", "true")
    visit.screenshot("reports-rights.png")

    page.get_by_test_id("rights-children").get_by_role("link", name="东一街道总工会").click()
    expect(page.get_by_role("heading", name="维权统计：东一街道总工会")).to_be_visible()
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
    assert visit.console_errors == [], visit.console_errors


def test_the_rights_charts_fit_and_set_the_last_12_months_beside_the_12_before(visit: Visit, town: City) -> None:
    visit.log_in("cadre_d1")
    readings = dashboard_checks(visit, reverse("reports:rights_node", args=[town.d1.pk]), "rights", CHARTS)
    assert_fits(readings)
    for r in readings:
        assert set(r.charts) == set(CHARTS)  # the charts that repeated tables are gone
        assert "前 12 个月受理" in r.charts["chart-trend"]["series"]
        assert "前 12 个月" in r.charts["chart-wages"]["series"]
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
