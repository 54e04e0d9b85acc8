"""Issue 6's acceptance story in a real browser: a migrant worker files a wage-arrears request on the portal
(on a phone); it reaches the union covering the employer; a cadre there accepts it and shares it with the
union of the worker's home place (双向维权), whose cadre sees it and records what they did; a third union
still sees nothing; the cadre closes it with the wages recovered; the worker reads the result and rates it.
At the end the database agrees, and the audit trail names who did each step.

Runs on the system's Chromium against the live server; skips where there is none (see core/tests/browser.py).
Screenshots land in test-artifacts/rights-*.png for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import City, build_city
from unionhall.accounts.models import User
from unionhall.core.models import AuditEvent
from unionhall.core.tests.browser import PASSWORD, Visit
from unionhall.core.tests.test_browser import assert_clean_console
from unionhall.notifications import sms
from unionhall.notifications.models import Notification
from unionhall.orgs.models import Division, Grant, Role
from unionhall.rights.models import Case, CaseStatus
from unionhall.worker_portal.tests.support import link

pytestmark = pytest.mark.browser
WORKER_PHONE = "13800001111"


@pytest.fixture
def town(transactional_db: Any, settings: Any, tmp_path: Any) -> City:
    """The shared city, committed so the live server's thread sees it. 西一街道总工会 (t2, in another district)
    covers the village the worker comes from; it has a cadre of its own. The worker, 李明, is a member at
    东方机械公司工会 (u1) and a migrant from that village. Text messages are kept in memory."""
    settings.SMS_BACKEND = "unionhall.notifications.sms.MemoryBackend"
    settings.MEDIA_ROOT = tmp_path
    sms.MemoryBackend.outbox = []
    city = build_city()
    district = Division.objects.create(code="320506000000", name="西区", level=3)
    street = Division.objects.create(code="320506001000", name="西一街道", level=4, parent=district)
    village = Division.objects.create(code="320506001001", name="幸福村", level=5, parent=street, kind="village")
    city.t2.division = street
    city.t2.save()
    cadre_t2 = User.objects.create_user(username="cadre_t2", password=PASSWORD, display_name="西一街道干部")
    Grant.objects.create(user=cadre_t2, role=Role.FEDERATION_CADRE, org=city.t2)
    city.users["cadre_t2"] = cadre_t2
    profile = link(city.users["worker_u1"], city.u1, "李明", phone=WORKER_PHONE)
    profile.person.is_migrant = True
    profile.person.hukou_division = village
    profile.person.save()
    return city


def phone_log_in(visit: Visit) -> Any:
    phone = visit.phone()
    phone.goto(visit.base_url + "/me/login/")
    phone.get_by_label("手机号").fill(WORKER_PHONE)
    phone.get_by_role("button", name="获取验证码").click()
    found = re.search(r"\d{6}", sms.MemoryBackend.outbox[-1][1])
    assert found is not None
    phone.get_by_label("验证码").fill(found.group(0))
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_test_id("my-cases")).to_be_visible()
    return phone


def switch_to(visit: Visit, username: str) -> None:
    visit.context.clear_cookies()
    visit.log_in(username)


def open_case(visit: Visit, no: str) -> None:
    page = visit.page
    page.get_by_role("navigation").get_by_role("link", name="维权案件", exact=True).click()
    expect(page.get_by_role("heading", name="维权案件", level=2)).to_be_visible()
    page.get_by_test_id("cases").get_by_role("link", name=no).first.click()
    expect(page.get_by_test_id("status")).to_be_visible()


def test_a_migrant_workers_wage_arrears_request_is_handled_by_two_unions_closed_and_rated(
    visit: Visit, town: City
) -> None:
    # 1. The worker files the request on the phone: the employer is prefilled from the membership.
    phone = phone_log_in(visit)
    phone.get_by_test_id("my-cases").get_by_role("button", name="申请维权").click()
    expect(phone.get_by_label("用人单位")).to_have_value("东方机械有限公司")
    phone.get_by_label("遇到了什么问题").select_option(label="拖欠工资（欠薪）")
    phone.get_by_label("一句话说明诉求").fill("公司拖欠 3 个月工资共 1.2 万元")
    phone.get_by_label("详细经过（可选）").fill("8 月起停发工资，多次催要无果。老家在西区幸福村。")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_role("status").first).to_contain_text("由东方机械公司工会办理")
    expect(phone.get_by_role("status").filter(has_text="双向维权")).to_contain_text("西一街道总工会")
    visit.screenshot("rights-1-filed.png", page=phone)
    case = Case.objects.get()
    assert (case.org, case.source, case.category, case.person) == (
        town.u1,
        "portal",
        "wage_arrears",
        town.users["worker_u1"].worker_profile.person,
    )
    assert Notification.objects.filter(user=town.users["chair_u1"], kind="rights.case_received").exists()

    # 2. It reaches the covering union: the chair sees it waiting on the home page and in the list.
    visit.log_in("chair_u1")
    expect(visit.page.get_by_test_id("todo").get_by_role("listitem").filter(has_text="待受理维权案件")).to_contain_text(
        "1"
    )
    open_case(visit, case.no)
    page = visit.page
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    expect(page.get_by_text("公司拖欠 3 个月工资共 1.2 万元").first).to_be_visible()
    page.get_by_test_id("transitions").get_by_role("button", name="受理并开始办理").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    expect(page.get_by_test_id("handler")).to_contain_text("chair_u1")

    # 3. Shared with the union of the worker's home place, suggested from the person record.
    page.get_by_test_id("shares").get_by_text("与职工户籍地工会等共享（双向协办）").click()
    page.get_by_test_id("shares").get_by_role("combobox", name=re.compile("^工会")).select_option(
        label=f"西一街道总工会（{town.t2.code}）"
    )
    page.get_by_test_id("shares").get_by_role("button", name="共享").click()
    expect(page.get_by_test_id("shares")).to_contain_text("西一街道总工会")
    visit.screenshot("rights-2-shared.png")

    # 4. The home-place union sees it among the cases shared with it and records what it did.
    switch_to(visit, "cadre_t2")
    open_case(visit, case.no)
    expect(page.get_by_text("我方协办").first).to_be_visible()
    page.get_by_label("办理进展").fill("已走访职工家属，核实其 2026 年 3 月起在东方机械务工。")
    page.get_by_role("button", name="记录进展").click()
    expect(page.get_by_test_id("history")).to_contain_text("已走访职工家属")
    expect(page.get_by_test_id("transitions").get_by_role("button", name="办结")).to_have_count(0)
    visit.screenshot("rights-3-home-place.png")

    # 5. A union elsewhere (西方纺织公司工会) gets the same answer as for a case that does not exist.
    switch_to(visit, "chair_u3")
    response = page.goto(f"{visit.base_url}/rights/{case.pk}/")
    assert response is not None and response.status == 404

    # 6. The chair closes it with the wages recovered.
    switch_to(visit, "chair_u1")
    open_case(visit, case.no)
    expect(page.get_by_test_id("history")).to_contain_text("已走访职工家属")
    # the page of a case a cadre works on: where it is in its life, where it sits, a printout, steps as buttons
    expect(page.get_by_test_id("step-bar")).to_be_visible()
    expect(page.get_by_test_id("crumbs")).to_contain_text("维权案件")
    expect(page.get_by_test_id("print")).to_be_visible()
    close = page.get_by_test_id("step-close").locator("summary")
    assert "btn" in (close.get_attribute("class") or ""), close.get_attribute("class")
    page.get_by_test_id("step-close").get_by_text("办结").first.click()
    page.get_by_test_id("step-close").get_by_label("办理结果").fill("经劳动监察与企业协商，企业已补发全部欠薪。")
    page.get_by_test_id("step-close").get_by_label("追回工资（元）").fill("12000")
    page.get_by_test_id("step-close").get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("status")).to_have_text("已办结")
    expect(page.get_by_test_id("wages")).to_have_text("12,000.00 元")
    visit.screenshot("rights-4-closed.png")

    # 7. The worker reads the result and rates it.
    phone.goto(visit.base_url + f"/me/cases/{case.pk}/")
    expect(phone.get_by_test_id("case-result")).to_contain_text("12,000.00")
    phone.get_by_role("button", name="评价办理结果").click()
    phone.get_by_role("radio", name="5 星").check()
    phone.get_by_label("说说您的看法（可选）").fill("两地工会一起帮忙，很及时")
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_test_id("case-result")).to_contain_text("您的评价：5 星")
    visit.screenshot("rights-5-rated.png", page=phone)

    case.refresh_from_db()
    assert (case.status, case.wages_recovered_fen, case.satisfaction) == (CaseStatus.CLOSED, 1_200_000, 5)
    assert [s.org for s in case.shares.filter(revoked_at__isnull=True)] == [town.t2]
    trail = list(
        AuditEvent.objects.filter(object_type="rights.case", object_id=str(case.pk), success=True)
        .order_by("id")
        .values_list("action", "actor_name")
    )
    assert trail == [
        ("case_request.submit", "worker_u1"),
        ("case.accept", "chair_u1"),
        ("case.share", "chair_u1"),
        ("case.note", "cadre_t2"),
        ("case.close", "chair_u1"),
        ("case.rate", "worker_u1"),
    ], trail
    assert_clean_console(visit, expected=("status of 404",))  # step 5, on purpose
