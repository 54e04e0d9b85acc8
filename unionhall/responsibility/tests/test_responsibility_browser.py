"""A district cadre is given a fixed point in a real browser, logs a visit that raises a problem, and finds the
visit on their own page and in the point's coverage of this period.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/responsibility-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.responsibility.models import Assignment, ProblemStatus, VisitProblem
from unionhall.supervision.models import SupervisedTask
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.picker import pick

pytestmark = pytest.mark.browser


@pytest.fixture
def city_committed(transactional_db: Any) -> City:
    return build_city()


def test_a_district_cadre_is_given_a_fixed_point_and_logs_a_visit_raising_a_problem(
    visit: Visit, city_committed: City
) -> None:
    city = city_committed
    visit.log_in("cadre_d1")
    page = visit.page

    # 1. The fixed point: the cadre, the unit from the picker, the line and the frequency.
    visit.goto("/responsibility/")
    page.get_by_role("button", name="安排包片/定点").click()
    page.get_by_label("定点", exact=True).check()
    pick(page, "org", "东方机械", "东方机械公司工会")
    page.keyboard.press("Escape")  # the picker's dropdown closed, as a person's next click would
    page.get_by_role("heading", name="安排包片/定点").click()
    page.get_by_label("组建").check()
    page.get_by_label("走访频次").select_option(label="每季度")
    page.locator(
        "#id_cadre-ts-control"
    ).focus()  # a searchable select of local choices, chosen last: it keeps the focus
    page.keyboard.type("cadre_d1")
    page.locator("#id_cadre-ts-dropdown .option", has_text="cadre_d1").first.click()
    expect(page.locator("select[name=cadre]")).to_have_value(str(city.users["cadre_d1"].pk))
    # Headless Chromium reports no window focus, so Tom Select never sees its own blur (see picker.py).
    page.locator("#id_cadre").evaluate("select => select.tomselect.blur()")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="定点：东方机械公司工会")).to_be_visible()
    point = Assignment.objects.get()
    assert (point.cadre, point.org) == (city.users["cadre_d1"], city.u1)
    expect(page.get_by_test_id("history")).to_contain_text("安排")

    # 2. The visit, with one problem raised.
    page.get_by_test_id("log-visit").click()
    page.get_by_label("同行人员").fill("李四")
    page.get_by_label("走访事由").fill("季度定点走访")
    page.get_by_label("了解情况").fill("企业新招一批员工，工会正组织入会。")
    page.get_by_label("发现的问题").fill("新入职员工尚未全部入会")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("problems")).to_contain_text("新入职员工尚未全部入会")
    expect(page.get_by_test_id("problems")).to_contain_text("待解决")
    assert VisitProblem.objects.get().status == ProblemStatus.OPEN
    visit.screenshot("responsibility-1-visit.png")

    # 3. The cadre's own page: the visit, and the point covered for this period.
    visit.goto("/responsibility/me/")
    expect(page.get_by_test_id("cadre-visits")).to_contain_text("季度定点走访")
    points = page.get_by_test_id("points")
    expect(points).to_contain_text("东方机械公司工会")
    expect(points).to_contain_text("已走访")
    expect(points.get_by_test_id("point-coverage")).to_have_text("1 / 1")
    visit.screenshot("responsibility-2-cadre.png")

    # 4. The point's own coverage by period.
    points.get_by_role("link", name="东方机械公司工会").click()
    expect(page.get_by_test_id("periods")).to_contain_text("已走访")
    expect(page.get_by_test_id("assignment-visits")).to_contain_text("季度定点走访")

    # 5. The problem becomes a 督办 task, given to who answers for the unit on the line chosen.
    page.get_by_test_id("assignment-visits").get_by_role("link").first.click()
    supervise = page.get_by_test_id("supervise")
    supervise.get_by_label("管线（由谁负责）").select_option(label="组建")
    supervise.get_by_role("button", name="转为督办事项").click()
    expect(page.get_by_test_id("problems")).to_contain_text("已转为督办事项")
    task = SupervisedTask.objects.get(source_kind="visit_problem")
    assert task.responsible_user == city.users["cadre_d1"]  # the point's cadre answers for 组建 there
    page.get_by_test_id("problems").get_by_role("link", name="新入职员工尚未全部入会").click()
    expect(page.get_by_role("heading", name="新入职员工尚未全部入会")).to_be_visible()
    visit.screenshot("responsibility-3-task.png")
    assert_clean_console(visit)
