"""A district cadre drills down the coverage dashboard in a real browser: the chart draws, a click on a town's
bar opens that town's dashboard, the breadcrumb leads back; then the 三同步 list and organizing tasks.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/coverage-*.png for a person to look at.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.coverage import services, views
from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.tests.support import load_divisions, member
from unionhall.orgs.models import Employer, GrassrootsKind, OrgLevel, OrgUnit
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city, make_unit, uscc
from unionhall.tests.dashboards import assert_compares, assert_fits, dashboard_checks

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    """The shared city, committed for the live server, with divisions, members and a second street in D1."""
    city = build_city()
    load_divisions(city)
    t3 = make_unit(city.d1, "D1-T2", "东二街道总工会", OrgLevel.TOWN)
    u4 = make_unit(t3, "D1-T2-U1", "东二电子公司工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.ENTERPRISE)
    Employer.objects.create(name="东二电子有限公司", uscc=uscc("320508JJJJ8888"), org=t3, union=u4, employee_count=80)
    Employer.objects.create(name="东二物业公司", uscc=uscc("320508KKKK9999"), org=t3, employee_count=30)
    Employer.objects.filter(pk=city.e0.pk).update(registered_on=date(2024, 3, 1), opened_on=date(2024, 4, 1))
    for _ in range(60):
        member(u4)
    for _ in range(150):
        member(city.u1, employer=city.e1)
    return city


def assert_clean_console(v: Visit) -> None:
    assert v.csp_violations() == [], v.csp_violations()
    assert v.page_errors == [], v.page_errors
    assert v.console_errors == [], v.console_errors


def bar_centre(page: Any, series: int, index: int) -> tuple[float, float]:
    """Where a bar is drawn, asked of ECharts itself, in page coordinates."""
    chart = page.get_by_test_id("coverage-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    box = chart.bounding_box()
    x, y = chart.evaluate(
        """(el, [series, index]) => {
            const layout = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(series).getData().getItemLayout(index);
            return [layout.x + layout.width / 2, layout.y + layout.height / 2];
        }""",
        [series, index],
    )
    return box["x"] + x, box["y"] + y


def test_a_district_cadre_drills_down_the_coverage_dashboard(visit: Visit, town: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="覆盖概览", exact=True).click()
    expect(page.get_by_role("heading", name="全面覆盖：东区总工会")).to_be_visible()
    expect(page.get_by_test_id("stat-unionization")).to_contain_text(
        "50.0%"
    )  # 2 of the 4 employers with 25 or more employees
    chart = page.get_by_test_id("coverage-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    expect(chart).to_have_attribute("data-ready", "true")
    visit.screenshot("coverage-dashboard.png")

    phone = visit.phone()
    phone.goto(page.url)
    expect(phone.get_by_test_id("coverage-chart").locator("canvas")).to_have_count(1)
    expect(phone.get_by_test_id("coverage-chart")).to_have_attribute("data-ready", "true")
    visit.screenshot("coverage-dashboard-phone.png", page=phone)

    # A real click on 东一街道总工会's unionization bar opens that street's dashboard.
    names = chart.evaluate("el => echarts.getInstanceByDom(el).getOption().yAxis[0].data")
    x, y = bar_centre(page, 0, names.index("东一街道总工会"))
    page.mouse.click(x, y)
    expect(page).to_have_url(visit.base_url + reverse("coverage:node", args=[town.t1.pk]))
    expect(page.get_by_role("heading", name="全面覆盖：东一街道总工会")).to_be_visible()
    crumbs = page.get_by_test_id("coverage-crumbs")
    expect(crumbs.get_by_role("link")).to_have_text(["东区总工会", "东一街道总工会"])
    expect(page.get_by_test_id("stat-villages")).to_contain_text("1 / 2")
    expect(page.get_by_test_id("coverage-table")).to_contain_text("东方机械公司工会")
    visit.screenshot("coverage-drilldown.png")

    # Back up through the breadcrumb, then into the other street through its row of the chart.
    crumbs.get_by_role("link", name="东区总工会").click()
    expect(page.get_by_role("heading", name="全面覆盖：东区总工会")).to_be_visible()
    x, y = bar_centre(page, 1, names.index("东二街道总工会"))
    page.mouse.click(x, y)
    expect(page.get_by_role("heading", name="全面覆盖：东二街道总工会")).to_be_visible()

    # The gaps become tasks; the 三同步 list shows the street's employer without a union.
    visit.goto(reverse("coverage:node", args=[town.t1.pk]))
    page.get_by_role("button", name="生成建会任务").click()
    expect(page.get_by_role("status")).to_contain_text("生成 3 项建会任务")
    expect(page.get_by_test_id("tasks-table")).to_contain_text("东区未建会商贸公司")
    visit.screenshot("coverage-tasks.png")
    page.get_by_role("navigation", name="全面覆盖").get_by_role("link", name="三同步").click()
    expect(page.get_by_test_id("sync-table")).to_contain_text("东区未建会商贸公司")
    visit.screenshot("coverage-sync.png")
    phone.goto(page.url)
    visit.screenshot("coverage-sync-phone.png", page=phone)

    assert_clean_console(visit)
    assert OrgUnit.objects.filter(code="D1-T2").exists()


def test_the_coverage_chart_fits_and_draws_the_city_targets_at_both_widths(visit: Visit, town: City) -> None:
    CoverageSettings.objects.update_or_create(
        pk=1, defaults={"unionization_target": Decimal("0.85"), "membership_target": Decimal("0.90")}
    )
    visit.log_in("cadre_d1")
    readings = dashboard_checks(visit, reverse("coverage:node", args=[town.d1.pk]), "coverage", ("coverage-chart",))
    assert_fits(readings)
    for r in readings:
        assert r.charts["coverage-chart"]["targets"] == ["建会率目标 85.0%", "入会率目标 90.0%"]
        assert not any(name.startswith("上年") for name in r.charts["coverage-chart"]["series"])
    # No snapshot of last year: the page says so instead of drawing a previous year.
    visit.goto(reverse("coverage:node", args=[town.d1.pk]))
    expect(visit.page.get_by_test_id("coverage-chart-note")).to_contain_text("暂不能与上年比较")
    expect(visit.page.get_by_test_id("coverage-chart-note")).to_contain_text("85.0%")
    assert_clean_console(visit)


def test_with_last_years_snapshot_the_coverage_chart_draws_last_year_beside_this_year(visit: Visit, town: City) -> None:
    CoverageSettings.objects.update_or_create(pk=1, defaults={"unionization_target": Decimal("0.85")})
    year = views.previous_year()
    services.coverage_snapshot_take(actor=town.users["city_admin"], year=year)
    Employer.objects.create(
        name="东一新建会公司", uscc=uscc("320508LLLL7777"), org=town.t1, union=town.u1, employee_count=40
    )
    visit.log_in("cadre_d1")
    path = reverse("coverage:node", args=[town.d1.pk])
    readings = dashboard_checks(visit, path, "coverage-previous", ("coverage-chart",))
    assert_fits(readings)
    assert_compares(readings, "coverage-chart", ("上年建会率", "上年入会率"))
    for r in readings:
        assert r.charts["coverage-chart"]["series"] == [
            "建会率",
            "上年建会率",
            "入会率",
            "上年入会率",
            "建会率目标 85.0%",
        ]
        assert r.charts["coverage-chart"]["targets"] == ["建会率目标 85.0%"]  # one line: last year has none
    visit.goto(path)
    expect(visit.page.get_by_test_id("coverage-chart-note")).to_contain_text(f"上年为 {year} 年末快照")
    expect(visit.page.get_by_test_id("coverage-table")).to_contain_text("上年")
    assert_clean_console(visit)
