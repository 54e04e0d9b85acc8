"""Steps of a story that more than one app's browser tests walk.

The first half of issue 16's story, shared by the responsibility test and the whole story
(meetings/tests/test_meetings_browser.py): a district cadre is given a fixed point, logs a visit there that
raises a problem, and the problem becomes a 督办 task given to who answers for the unit on the chosen line."""

from __future__ import annotations

from playwright.sync_api import expect

from unionhall.responsibility.models import Assignment, ProblemStatus, VisitProblem
from unionhall.supervision.models import SupervisedTask
from unionhall.tests.browser import Visit
from unionhall.tests.city import City
from unionhall.tests.picker import pick


def fixed_point_visit_problem_task(visit: Visit, city: City) -> SupervisedTask:
    """Logged in as cadre_d1; ends on the new task's page and returns the task."""
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
    page.get_by_label("备注").fill("季度走访")
    # Pressed from script, not by the mouse or the keyboard: under two xdist workers on a loaded machine the unit
    # picker, which headless Chromium never blurs (picker.py), answered late and took the page's focus back. A
    # mouse click was then lost to its box shrinking under the button (logged: mousedown BUTTON, mouseup
    # ARTICLE) and an Enter in the note went to the picker. A person's browser blurs the picker; here the
    # button's own click submits the form as theirs would.
    page.wait_for_function("() => document.getElementById('id_org').tomselect.loading === 0")
    page.get_by_role("button", name="保存").evaluate("button => button.click()")
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

    # 3. The problem becomes a 督办 task, given to who answers for the unit on the line chosen.
    supervise = page.get_by_test_id("supervise")
    supervise.get_by_label("管线（由谁负责）").select_option(label="组建")
    supervise.get_by_role("button", name="转为督办事项").click()
    expect(page.get_by_test_id("problems")).to_contain_text("已转为督办事项")
    task = SupervisedTask.objects.get(source_kind="visit_problem")
    assert task.responsible_user == city.users["cadre_d1"]  # the point's cadre answers for 组建 there
    page.get_by_test_id("problems").get_by_role("link", name="新入职员工尚未全部入会").click()
    expect(page.get_by_role("heading", name="新入职员工尚未全部入会")).to_be_visible()
    visit.screenshot("responsibility-2-task.png")
    return task
