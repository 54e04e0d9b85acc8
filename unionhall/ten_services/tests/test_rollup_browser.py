"""A district cadre reads the 十送 roll-up in a real browser: the stacked chart draws under the CSP, a click on
a town's bar opens that town's roll-up, and the table's totals hold there too.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/deliveries-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.ten_services.tests.helpers import record
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city
from unionhall.tests.dashboards import assert_fits, dashboard_checks

pytestmark = pytest.mark.browser


@pytest.fixture
def logged(transactional_db: Any) -> City:
    city = build_city()
    record(city.u1, "culture", count=30, cost=500_00)
    record(city.u1, "legal", count=12)
    record(city.u2, "care", count=8, cost=200_00)
    record(city.d1, "warmth", count=100, cost=5_000_00)
    record(city.u3, "culture", count=99, title="西方纺织送文化")
    return city


def test_a_district_cadre_drills_down_the_roll_up_chart(visit: Visit, logged: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    page.get_by_role("navigation").get_by_role("link", name="十送", exact=True).click()
    page.get_by_text("按类别和单位汇总").click()
    expect(page.get_by_role("heading", name="十送汇总：东区总工会")).to_be_visible()
    chart = page.get_by_test_id("rollup-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("rollup-total")).to_contain_text("4")
    assert "西方纺织" not in page.content()
    visit.screenshot("deliveries-rollup-d1.png")
    # The table drills down: the town's row opens the town's roll-up.
    page.get_by_test_id("rollup-table").get_by_role("link", name="东一街道总工会").click()
    expect(page.get_by_role("heading", name="十送汇总：东一街道总工会")).to_be_visible()
    expect(page.get_by_test_id("rollup-total")).to_contain_text("3")
    expect(page.get_by_test_id("rollup-chart")).to_have_attribute("data-ready", "true")
    visit.screenshot("deliveries-rollup-t1.png")
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
    assert visit.console_errors == [], visit.console_errors


def test_the_roll_up_chart_fits_and_sets_the_last_12_months_beside_the_12_before(visit: Visit, logged: City) -> None:
    visit.log_in("cadre_d1")
    readings = dashboard_checks(
        visit, reverse("ten_services:rollup_node", args=[logged.d1.pk]), "deliveries", ("rollup-chart",)
    )
    assert_fits(readings)
    for r in readings:
        assert r.charts["rollup-chart"]["series"] == ["近 12 个月", "前 12 个月"]
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
