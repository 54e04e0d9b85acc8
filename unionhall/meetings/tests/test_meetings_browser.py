"""Issue 16's story in one real browser: a district cadre is assigned a fixed point, logs a visit that raises a
problem, and the problem becomes a 督办 task (unionhall/tests/stories.py); the district holds a joint
meeting whose agenda already lists an open red risk and the overdue resolution of its previous meeting; a
resolution is assigned to 人社局, whose liaison logs in, records progress and closes it; the cadre sees it
done on the meeting's page.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/meetings-*.png for a person to look at.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.meetings.models import Meeting, Resolution
from unionhall.meetings.tests.support import departments, meeting, resolution
from unionhall.supervision.models import SupervisedTask, TaskStatus
from unionhall.tests import factories
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.picker import pick
from unionhall.tests.stories import fixed_point_visit_problem_task
from unionhall.workcalendar import workdays

pytestmark = pytest.mark.browser


@pytest.fixture
def district(transactional_db: Any) -> City:
    """东区 held a meeting two months ago whose resolution for 人社局 is now overdue; a red risk is open at U1."""
    city = build_city()
    d = departments(city)
    today = workdays.today()
    first = meeting(city, on=today - timedelta(days=60), title="东区第一次联席会议")
    late = resolution(first, d.rs, title="开展欠薪专项清查")
    SupervisedTask.objects.filter(pk=late.task_id).update(
        starts_on=today - timedelta(days=60), due_on=today - timedelta(days=10), remind_on=today - timedelta(days=15)
    )
    factories.risk(city.u1, level="red")
    return city


def switch_to(visit: Visit, username: str) -> None:
    visit.page.get_by_role("button", name="退出").click()
    expect(visit.page.get_by_test_id("scope")).to_have_count(0)
    visit.log_in(username)


def test_a_visit_problem_becomes_a_task_and_a_joint_meeting_resolution_is_closed_by_the_departments_liaison(
    visit: Visit, district: City
) -> None:
    # 0. The district's cadre is given a fixed point, visits it, and the problem found becomes a 督办 task.
    visit.log_in("cadre_d1")
    page = visit.page
    task = fixed_point_visit_problem_task(visit, district)
    assert (task.org, task.responsible_user) == (district.u1, district.users["cadre_d1"])

    # 1. The district's cadre registers the second meeting; its agenda is read from the data.
    visit.goto("/meetings/new/")
    pick(page, "org", "东区", "东区总工会")
    page.get_by_label("会议名称").fill("东区第二次联席会议")
    page.get_by_label("会议日期").fill(str(workdays.today()))
    page.get_by_label("会议日期").press("Escape")  # the calendar's popup closes
    page.get_by_label("会议地点").fill("区政府三楼会议室")
    page.get_by_label("东区总工会 人社局").check()
    page.get_by_label("参会人员").fill("孙联络 科长 东区人社局")
    page.get_by_role("button", name="登记").click()
    agenda = page.get_by_test_id("agenda")
    expect(agenda.locator('tr[data-kind="risk"]')).to_contain_text("特别重大（红色）")
    expect(agenda.locator('tr[data-kind="resolution"]')).to_contain_text("东区第一次联席会议 决议 1：开展欠薪专项清查")
    expect(agenda.locator('tr[data-kind="resolution"]')).to_contain_text("超期")
    visit.screenshot("meetings-1-agenda.png")

    # 2. The meeting is held and records a resolution for 人社局.
    page.locator('[data-step="hold"]').get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已召开")
    page.get_by_test_id("resolution-add").click()
    page.get_by_label("决议事项").fill("建立欠薪线索联动处置机制")
    page.get_by_label("责任单位").select_option(label="东区总工会 人社局")
    page.get_by_label("办理期限").fill(str(workdays.today() + timedelta(days=30)))
    # Sent from the title with Enter, as a person may: the date's calendar stays open over the button.
    page.get_by_label("决议事项").press("Enter")
    expect(page.get_by_test_id("resolutions")).to_contain_text("建立欠薪线索联动处置机制")
    visit.screenshot("meetings-2-resolution.png")
    second = Meeting.objects.get(title="东区第二次联席会议")
    new = Resolution.objects.get(meeting=second)

    # 3. 人社局's liaison finds it on its own page, records progress and closes it.
    switch_to(visit, "liaison_d1")
    expect(page.get_by_test_id("tasks")).to_contain_text("建立欠薪线索联动处置机制")
    page.get_by_role("link", name="建立欠薪线索联动处置机制").click()
    page.get_by_test_id("step-progress").locator("summary").click()
    page.get_by_test_id("step-progress").get_by_label("办理进展").fill("已与区总工会建立线索移交台账。")
    page.get_by_test_id("step-progress").get_by_role("button", name="记录进展").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    page.get_by_test_id("step-close").locator("summary").click()
    close = page.get_by_test_id("step-close")
    close.get_by_label("办结情况", exact=True).fill("联动处置机制已印发执行。")
    close.get_by_role("button", name="办结", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("已办结")

    # 4. The cadre sees the resolution done on the meeting's page.
    switch_to(visit, "cadre_d1")
    visit.goto(f"/meetings/{second.pk}/")
    expect(page.get_by_test_id("resolutions")).to_contain_text("已办结")
    visit.screenshot("meetings-3-done.png")
    assert new.task is not None
    new.task.refresh_from_db()
    assert (new.task.status, new.task.closed_by) == (TaskStatus.DONE, district.users["liaison_d1"])
    assert_clean_console(visit)
