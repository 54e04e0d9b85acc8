"""Join online as a worker and approve as the chair, in a real browser: the worker on a phone, without an
account, fills in the form, finds their employer with the search and gets a reference code; the union's
chair approves at a desk; the worker's status page then shows the member number and the e-card.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/join-*.png for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.members.models import Membership
from unionhall.tests.browser import PHONE, Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import WANG

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    """The shared city, committed so the live server's thread sees it."""
    return build_city()


def test_a_worker_joins_online_and_the_chair_approves(visit: Visit, town: City) -> None:
    # The worker scans the poster's QR code: a phone, no account.
    phone = visit.phone()
    assert phone.viewport_size == PHONE
    phone.goto(visit.base_url + "/join/")
    expect(phone.get_by_role("heading", name="网上入会")).to_be_visible()
    expect(phone.get_by_test_id("scope")).to_have_count(0)  # nobody is logged in
    visit.screenshot("join-form.png", page=phone)

    # A slip first: a wrong check digit and no phone number; the message sits at the field, the rest stays.
    phone.get_by_label("姓名").fill("王小明")
    phone.get_by_label("身份证号").fill(WANG[:-1] + ("0" if WANG[-1] != "0" else "1"))
    phone.get_by_role("button", name="提交入会申请").click()
    id_label = phone.locator("label", has=phone.get_by_label("身份证号"))
    expect(id_label.get_by_role("alert")).to_contain_text("身份证号校验位不正确")
    phone_label = phone.locator("label", has=phone.get_by_label("手机号"))
    expect(phone_label.get_by_role("alert")).to_contain_text("请填写手机号码")
    expect(phone.get_by_label("姓名")).to_have_value("王小明")
    visit.screenshot("join-errors.png", page=phone)

    # Now right, and the employer found by the search under the field.
    phone.get_by_label("身份证号").fill(WANG.lower())
    phone.get_by_label("手机号").fill("139 1234 5678")
    phone.get_by_label("工作单位").fill("东方机械")
    employer = phone.get_by_role("radio", name=re.compile("东方机械有限公司"))
    expect(employer).to_be_visible()
    employer.check()
    visit.screenshot("join-filled.png", page=phone)
    phone.get_by_role("button", name="提交入会申请").click()

    expect(phone.get_by_role("heading", name="申请已提交")).to_be_visible()
    code = phone.get_by_test_id("reference-code").inner_text().strip()
    assert re.fullmatch(r"RJ-[2-9A-HJ-NP-Z]{5}", code), code
    expect(phone.get_by_text("东方机械公司工会")).to_be_visible()
    visit.screenshot("join-done.png", page=phone)
    app = JoinApplication.objects.get(code=code)
    assert (app.employer, app.proposed_union, app.phone) == (town.e1, town.u1, "13912345678")

    # The chair of the union that covers the employer, at a desk.
    page = visit.page
    visit.log_in("chair_u1")
    page.get_by_role("navigation").get_by_role("link", name="入会申请", exact=True).click()
    expect(page.get_by_role("heading", name="入会申请", level=2)).to_be_visible()
    row = page.get_by_role("row", name=re.compile(code))
    expect(row).to_contain_text("320***********" + WANG[-4:])  # masked, never the whole number
    expect(page.get_by_text(WANG)).to_have_count(0)
    visit.screenshot("join-applications.png")
    row.get_by_role("link", name="王小明").click()
    expect(page.get_by_role("heading", name="王小明 的入会申请")).to_be_visible()
    expect(page.get_by_label("接收工会")).to_have_value(str(town.u1.pk))
    visit.screenshot("join-review.png")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已批准：王小明，会员编号 GH")
    visit.screenshot("join-approved.png")
    membership = Membership.objects.get(org=town.u1)
    assert JoinApplication.objects.get(code=code).status == ApplicationStatus.APPROVED

    # Back on the phone: the status page shows the decision, the member number and the e-card.
    phone.get_by_role("link", name="查询申请进度").first.click()
    phone.get_by_label("参考编号").fill(code)
    phone.get_by_label("身份证号后四位").fill(WANG[-4:])
    phone.get_by_role("button", name="查询").click()
    result = phone.get_by_test_id("application-status")
    expect(result).to_contain_text("已批准")
    expect(result).to_contain_text("东方机械公司工会")
    expect(phone.get_by_test_id("member-no")).to_have_text(membership.member_no)
    expect(phone.get_by_test_id("member-card")).to_be_visible()
    visit.screenshot("join-status.png", page=phone)

    assert_clean_console(visit)
