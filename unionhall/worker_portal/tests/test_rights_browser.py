"""申请维权 on a phone, in a real browser: the worker logs in with the code sent to their phone, files a
wage-arrears request (a slip first: the messages sit at the fields, what was typed stays), reads the
confirmation, follows the union's work and rates the result with stars.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/me-case-*.png for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.notifications import sms
from unionhall.rights import services as rights
from unionhall.rights.models import Case
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.worker_portal.tests.support import worker_world

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any, settings: Any, tmp_path: Any) -> City:
    """The shared city, committed so the live server's thread sees it; text messages kept in memory."""
    settings.SMS_BACKEND = "unionhall.notifications.sms.MemoryBackend"
    settings.MEDIA_ROOT = tmp_path
    sms.MemoryBackend.outbox = []
    return build_city()


def test_a_worker_files_follows_and_rates_a_rights_request_on_a_phone(visit: Visit, town: City) -> None:
    worker_world(town)  # 李明 of U1, phone 13800001111
    phone = visit.phone()
    phone.goto(visit.base_url + "/me/login/")
    phone.get_by_label("手机号").fill("13800001111")
    phone.get_by_role("button", name="获取验证码").click()
    found = re.search(r"\d{6}", sms.MemoryBackend.outbox[-1][1])
    assert found is not None
    phone.get_by_label("验证码").fill(found.group(0))
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_test_id("my-cases")).to_be_visible()

    phone.get_by_test_id("my-cases").get_by_role("button", name="申请维权").click()
    expect(phone.get_by_label("用人单位")).to_have_value("东方机械有限公司")
    expect(phone.get_by_label("联系电话")).to_have_value("13800001111")

    # A slip: no category, no summary. The messages sit at the fields; the story typed stays.
    phone.get_by_label("详细经过（可选）").fill("8 月起停发工资，多次催要无果。")
    phone.get_by_role("button", name="提交申请").click()
    summary = phone.locator("label", has=phone.get_by_label("一句话说明诉求"))
    expect(summary.get_by_role("alert")).to_contain_text("请简要写明诉求")
    category = phone.locator("label", has=phone.get_by_label("遇到了什么问题"))
    expect(category.get_by_role("alert")).to_contain_text("请选择诉求类别")
    expect(phone.get_by_label("详细经过（可选）")).to_have_value("8 月起停发工资，多次催要无果。")
    visit.screenshot("me-case-errors.png", page=phone)

    phone.get_by_label("遇到了什么问题").select_option(label="拖欠工资（欠薪）")
    phone.get_by_label("一句话说明诉求").fill("公司拖欠 3 个月工资共 1.5 万元")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_role("status").first).to_contain_text("由东方机械公司工会办理")
    expect(phone.get_by_test_id("case-progress")).to_contain_text("已提交，待受理")
    visit.screenshot("me-case-filed.png", page=phone)

    # The union accepts and closes it with the wages recovered; the worker reloads and rates it.
    case = Case.objects.get()
    chair = town.users["chair_u1"]
    rights.case_accept(actor=chair, case=case)
    rights.case_close(actor=chair, case=case, outcome="经调解，企业已补发全部工资。", wages_recovered="15000")
    phone.reload()
    expect(phone.get_by_test_id("case-result")).to_contain_text("15,000.00")
    phone.get_by_role("button", name="评价办理结果").click()
    phone.get_by_role("radio", name="5 星").check()
    phone.get_by_label("说说您的看法（可选）").fill("很及时，谢谢工会")
    visit.screenshot("me-case-rate.png", page=phone)
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_test_id("case-result")).to_contain_text("您的评价：5 星，很及时，谢谢工会")
    visit.screenshot("me-case-closed.png", page=phone)
    case.refresh_from_db()
    assert case.satisfaction == 5
    assert_clean_console(visit)
