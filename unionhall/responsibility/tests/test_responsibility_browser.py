"""A district cadre is given a fixed point in a real browser, logs a visit that raises a problem, turns the
problem into a 督办 task (unionhall/tests/stories.py), and finds the visit on their own page and in the point's coverage
of this period. The whole story of issue 16, with the joint meeting, is meetings/tests/test_meetings_browser.py.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/responsibility-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.notifications.models import Notification
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.stories import fixed_point_visit_problem_task

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

    # 1. The fixed point, the visit, its problem turned into a task for who answers for 组建 at the unit.
    task = fixed_point_visit_problem_task(visit, city)
    assert task.org == city.u1
    assert Notification.objects.filter(user=city.users["cadre_d1"], title__contains=task.title).exists()

    # 2. The cadre's own page: the visit, and the point covered for this period.
    visit.goto("/responsibility/me/")
    expect(page.get_by_test_id("cadre-visits")).to_contain_text("季度定点走访")
    points = page.get_by_test_id("points")
    expect(points).to_contain_text("东方机械公司工会")
    expect(points).to_contain_text("已走访")
    expect(points.get_by_test_id("point-coverage")).to_have_text("1 / 1")
    visit.screenshot("responsibility-3-cadre.png")

    # 3. The point's own coverage by period.
    points.get_by_role("link", name="东方机械公司工会").click()
    expect(page.get_by_test_id("periods")).to_contain_text("已走访")
    expect(page.get_by_test_id("assignment-visits")).to_contain_text("季度定点走访")

    assert_clean_console(visit)
