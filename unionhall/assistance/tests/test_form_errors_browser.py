"""Issue 14 in a real browser: a chair files a hardship archive with a wrong credit code, resident ID and
phone; one submit shows all three in the summary at the top, the first wrong field has the focus, what was
typed is still there; fixed, the archive is filed. Screenshot: test-artifacts/forms-all-errors.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.assistance.models import HardshipFile
from unionhall.tests.browser import Visit, artifacts_dir, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import valid_id
from unionhall.tests.picker import pick

pytestmark = pytest.mark.browser

WORKER_ID = valid_id("32050819790315432")
WRONG_ID = WORKER_ID[:-1] + ("0" if WORKER_ID[-1] != "0" else "1")
UNKNOWN_USCC = "91320500MA1XXXXX0X"


@pytest.fixture
def town(transactional_db: Any) -> City:
    return build_city()


def test_one_submit_shows_every_error_of_the_hardship_form_and_focuses_the_first(visit: Visit, town: City) -> None:
    page = visit.page
    page.set_viewport_size({"width": 1366, "height": 800})
    visit.log_in("chair_u1")
    page.get_by_role("navigation").get_by_role("link", name="困难职工", exact=True).click()
    page.get_by_role("button", name="新建档案").click()
    pick(page, "org", "dfjx", "东方机械公司工会")
    page.get_by_label("职工姓名").fill("李困难")
    page.get_by_label("身份证号").fill(WRONG_ID)
    page.get_by_label("联系电话").fill("1391234")
    page.get_by_label("家庭住址").fill("东区幸福路 18 号")
    # A credit code pasted into the employer picker that names no employer in reach.
    page.evaluate(
        """(code) => { const ts = document.getElementById("id_employer_uscc").tomselect;
                       ts.addOption({ value: code, text: code }); ts.setValue(code); }""",
        UNKNOWN_USCC,
    )
    page.get_by_label("家庭人口（含本人）").fill("3")
    page.get_by_label("家庭月收入（元）").fill("2400")
    page.get_by_label("因病").check()
    page.get_by_role("button", name="保存").click()

    summary = page.get_by_test_id("form-errors")
    expect(summary).to_contain_text("提交的内容有 3 处需要修改：")
    expect(summary.get_by_role("link")).to_have_count(3)
    expect(summary.get_by_role("link", name="身份证号：身份证号校验位不正确，请核对。")).to_be_visible()
    expect(summary.get_by_role("link", name="联系电话：电话号码「1391234」不正确")).to_be_visible()
    expect(
        summary.get_by_role("link", name="工作单位：在您的权限范围内没有这个统一社会信用代码的单位。")
    ).to_be_visible()
    expect(page.get_by_label("身份证号")).to_be_focused()
    expect(page.get_by_label("身份证号")).to_have_value(WRONG_ID)
    expect(page.get_by_label("联系电话")).to_have_value("1391234")
    expect(page.get_by_label("职工姓名")).to_have_value("李困难")
    expect(page.get_by_label("家庭月收入（元）")).to_have_value("2400")
    expect(page.get_by_label("因病")).to_be_checked()
    page.screenshot(path=str(artifacts_dir() / "forms-all-errors.png"))
    assert not HardshipFile.objects.exists()

    # A link of the summary takes the user to its field.
    summary.get_by_role("link", name="联系电话：电话号码「1391234」不正确").click()
    expect(page.get_by_label("联系电话")).to_be_focused()

    page.get_by_label("身份证号").fill(WORKER_ID)
    page.get_by_label("联系电话").fill("13912340001")
    page.locator("#id_employer_uscc + .ts-wrapper").get_by_title("清除").click()  # the picker's own clear button
    pick(page, "employer_uscc", town.e1.uscc[:8], "东方机械有限公司")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("（草稿）")
    file = HardshipFile.objects.get()
    assert (file.phone, file.employer_id, file.causes) == ("13912340001", town.e1.pk, ["illness"])
    assert_clean_console(visit)
