"""A district cadre gives 人社局 a task due in five working days; the department's liaison logs in, finds it
on its own page, records progress and closes it with a file as evidence; the cadre sees it done.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/supervision-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.supervision.models import SupervisedTask, TaskStatus
from unionhall.supervision.tests.support import departments
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.picker import pick
from unionhall.workcalendar import workdays

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    city = build_city()
    departments(city)
    return city


def switch_to(visit: Visit, username: str) -> None:
    visit.page.get_by_role("button", name="退出").click()
    expect(visit.page.get_by_test_id("scope")).to_have_count(0)
    visit.log_in(username)


def test_a_task_given_to_a_department_is_answered_by_its_liaison_and_seen_done_by_the_cadre(
    visit: Visit, town: City
) -> None:
    # 1. The district's cadre gives 人社局 a task about the street, due in five working days.
    visit.log_in("cadre_d1")
    visit.goto("/supervision/tasks/new/")
    page = visit.page
    pick(page, "org", "东一", "东一街道总工会")
    page.get_by_label("督办事项").fill("督促东方机械有限公司足额发放拖欠工资")
    page.get_by_label("或 责任单位（成员单位）").select_option(label="东区总工会 人社局")
    page.get_by_label("办理期限（工作日）").fill("5")
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_test_id("responsible")).to_contain_text("人社局")
    task = SupervisedTask.objects.get()
    assert task.due_on == workdays.add_working_days(task.starts_on, 5)
    expect(page.get_by_test_id("status")).to_have_text("待办理")
    visit.screenshot("supervision-1-opened.png")

    # 2. The liaison logs in and lands on its department's page, where the task waits.
    switch_to(visit, "liaison_d1")
    expect(page.get_by_test_id("tasks")).to_contain_text("督促东方机械有限公司足额发放拖欠工资")
    page.get_by_role("link", name="督促东方机械有限公司足额发放拖欠工资").click()
    expect(page.locator('[data-step="cancel"]')).to_have_count(0)

    # 3. Progress, then closing with a file as evidence.
    page.get_by_test_id("step-progress").locator("summary").click()
    page.get_by_test_id("step-progress").get_by_label("办理进展").fill("已向企业下达限期整改指令书。")
    page.get_by_test_id("step-progress").get_by_role("button", name="记录进展").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    page.get_by_test_id("step-close").locator("summary").click()
    close = page.get_by_test_id("step-close")
    close.get_by_label("办结情况", exact=True).fill("企业已足额发放 32 名职工工资。")
    close.get_by_label("佐证材料（PDF、JPG、PNG）").set_input_files(
        files=[{"name": "发放凭证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 payroll"}]
    )
    close.get_by_role("button", name="办结", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("已办结")
    expect(page.get_by_test_id("file")).to_have_text("发放凭证.pdf")
    visit.screenshot("supervision-2-closed.png")

    # 4. The cadre sees it done, with the evidence.
    switch_to(visit, "cadre_d1")
    visit.goto(f"/supervision/tasks/{task.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("已办结")
    expect(page.get_by_test_id("evidence")).to_contain_text("足额发放")
    task.refresh_from_db()
    assert (task.status, task.closed_by) == (TaskStatus.DONE, town.users["liaison_d1"])
    assert_clean_console(visit)
