"""A district cadre opens the rights dashboard in a real browser: every chart draws under the CSP and a
click on a town's bar opens that town's dashboard.

Runs on the system's Chromium against the live server; skips where there is none (see core/tests/browser.py).
The screenshot lands in test-artifacts/reports-rights.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import City, build_city
from unionhall.core.tests.browser import Visit
from unionhall.reports.tests.test_rights_selectors import populate

pytestmark = pytest.mark.browser

CHARTS = ("chart-children", "chart-trend", "chart-wages", "chart-handlers", "chart-satisfaction", "chart-risks")


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

    children = page.get_by_test_id("chart-children")
    box = children.bounding_box()
    assert box is not None
    x, y = children.evaluate(
        """el => {
            const layout = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(0).getData().getItemLayout(0);
            return [layout.x + layout.width / 2, layout.y + layout.height / 2];
        }"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.get_by_role("heading", name="维权统计：东一街道总工会")).to_be_visible()
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
    assert visit.console_errors == [], visit.console_errors
