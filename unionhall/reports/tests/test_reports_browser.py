"""A district cadre opens the assistance report in a real browser: every chart draws under the CSP, a click
on a town's bar opens that town's report, and the breadcrumb leads back.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/reports-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.reports.tests.test_selectors import YEAR, populate
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city
from unionhall.tests.dashboards import assert_fits, dashboard_checks

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    city = build_city()
    populate(city)
    return city


def test_a_district_cadre_drills_down_the_assistance_report(visit: Visit, town: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    page.get_by_role("navigation").get_by_role("link", name="帮扶报表", exact=True).click()
    page.get_by_label("年度").select_option(str(YEAR))
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("heading", name="帮扶报表：东区总工会")).to_be_visible()
    expect(page.get_by_test_id("stat-money")).to_contain_text("4,600.50")
    for chart in ("chart-children", "chart-months"):
        expect(page.get_by_test_id(chart)).to_have_attribute("data-ready", "true")
    visit.screenshot("reports-dashboard.png")

    children = page.get_by_test_id("chart-children")
    box = children.bounding_box()
    x, y = children.evaluate(
        """el => {
            const layout = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(0).getData().getItemLayout(0);
            return [layout.x + layout.width / 2, layout.y + layout.height / 2];
        }"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.get_by_role("heading", name="帮扶报表：东一街道总工会")).to_be_visible()
    assert f"year={YEAR}" in page.url  # the filters follow the drill-down
    page.get_by_test_id("report-crumbs").get_by_role("link", name="东区总工会").click()
    expect(page.get_by_role("heading", name="帮扶报表：东区总工会")).to_be_visible()
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
    assert visit.console_errors == [], visit.console_errors


def test_the_assistance_charts_fit_and_set_each_year_beside_the_one_before(visit: Visit, town: City) -> None:
    visit.log_in("cadre_d1")
    path = reverse("reports:node", args=[town.d1.pk]) + f"?year={YEAR}"
    readings = dashboard_checks(visit, path, "assistance", ("chart-months", "chart-children"))
    assert_fits(readings)
    for r in readings:
        assert set(r.charts) == {"chart-months", "chart-children"}  # the charts that repeated tables are gone
        assert f"{YEAR - 1}年批准" in r.charts["chart-months"]["series"]
        assert f"{YEAR - 1}年" in r.charts["chart-children"]["series"]
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
