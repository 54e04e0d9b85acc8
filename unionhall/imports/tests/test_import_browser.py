"""A union chair imports a roster in a real browser: uploads a small workbook with one wrong ID number,
confirms the columns, sees the error at its cell in the preview, uploads the corrected file, commits,
and reads the summary. Desktop and phone screenshots land in test-artifacts/import-*.png.

Runs on the system's Chromium against the live server; skips where there is none (see browser.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from unionhall.core.pii import blind_index
from unionhall.imports.tests.support import bad_checksum, id_number, write_xlsx
from unionhall.members.models import Membership, Person
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city

pytestmark = pytest.mark.browser

HEADERS = ["序号", "姓名", "身份证号码", "手机号码", "入会日期", "就业形态"]
GOOD = [
    [1, "张三", id_number("19900101", "011"), "13912345678", "2020-3-5", "标准劳动关系"],
    [2, "李四", id_number("19920202", "022"), "13912345679", "2020年3月5日", "劳务派遣"],
    [3, "王五", id_number("19950505", "051").lower(), "13912345670", "2020/03/05", ""],
]
WRONG = bad_checksum(id_number("19880808", "081"))
FIXED = id_number("19880808", "081")


@pytest.fixture
def town(transactional_db: Any) -> City:
    return build_city()


def assert_clean_console(v: Visit) -> None:
    assert v.csp_violations() == [], v.csp_violations()
    assert v.page_errors == [], v.page_errors
    assert v.console_errors == [], v.console_errors


def test_a_chair_imports_a_roster_fixes_an_error_and_commits(visit: Visit, town: City, tmp_path: Path) -> None:
    title = [["东方机械公司工会会员花名册"]]
    first = write_xlsx(
        tmp_path / "东方机械花名册.xlsx",
        [*title, HEADERS, *GOOD, [4, "赵六", WRONG, "13912345671", "2020.3.5", "派遣"]],
    )
    fixed = write_xlsx(
        tmp_path / "东方机械花名册（改）.xlsx",
        [*title, HEADERS, *GOOD, [4, "赵六", FIXED, "13912345671", "2020.3.5", "派遣"]],
    )
    page = visit.page
    visit.log_in("chair_u1")

    page.get_by_role("navigation").get_by_role("link", name="导入", exact=True).click()
    expect(page.get_by_role("heading", name="导入", level=2)).to_be_visible()
    page.get_by_role("button", name="上传文件").click()
    expect(page.locator("select[name=org]")).to_have_value("D1-T1-U1")
    page.get_by_role("radio", name="会员花名册").check()
    page.get_by_label("Excel 文件").set_input_files(str(first))
    visit.screenshot("import-upload.png")
    page.get_by_role("button", name="上传并识别各列").click()

    # The mapping: the title row skipped, each column matched by its header, ID numbers masked.
    expect(page.get_by_role("heading", name="确认各列")).to_be_visible()
    expect(page.get_by_text("表头在第 2 行")).to_be_visible()
    expect(page.get_by_label("「身份证号码」导入为")).to_have_value("id_number")
    expect(page.get_by_label("「就业形态」导入为")).to_have_value("employment_form")
    expect(page.get_by_label("「序号」导入为")).to_have_value("")
    expect(page.get_by_text(GOOD[0][2])).to_have_count(0)
    visit.screenshot("import-mapping.png")
    phone = visit.phone()
    phone.goto(page.url)
    visit.screenshot("import-mapping-phone.png", page=phone)
    page.get_by_role("button", name="确认，开始校验").click()

    # The preview: counts, and the wrong ID number's message at its cell.
    expect(page.get_by_role("heading", name="校验结果")).to_be_visible()
    counts = page.get_by_test_id("counts")
    expect(counts).to_contain_text("4数据行")
    expect(counts).to_contain_text("3可导入")
    expect(counts).to_contain_text("1有错误")
    wrong_row = page.locator("tr[data-row='6']")
    expect(wrong_row.locator("td.cell-error")).to_contain_text("身份证号校验位不正确，请核对。")
    expect(page.get_by_role("button", name="导入可导入的 3 行")).to_be_visible()
    expect(page.get_by_role("button", name="下载错误行（1 行）")).to_be_visible()
    visit.screenshot("import-preview.png")
    phone.goto(page.url)
    visit.screenshot("import-preview-phone.png", page=phone)

    # The chair fixes the number in the file and uploads it again: the mapping is remembered.
    page.get_by_role("button", name="上传修改后的文件").click()
    expect(page.locator("select[name=org]")).to_have_value("D1-T1-U1")
    expect(page.get_by_role("radio", name="会员花名册")).to_be_checked()
    page.get_by_label("Excel 文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并识别各列").click()
    expect(page.get_by_label("「身份证号码」导入为")).to_have_value("id_number")
    page.get_by_role("button", name="确认，开始校验").click()
    expect(page.get_by_test_id("counts")).to_contain_text("0有错误")
    expect(page.get_by_text("全部 4 行都通过了校验。")).to_be_visible()
    page.get_by_label("整体导入：有任何一行不能导入时，全部不导入").check()
    page.get_by_role("button", name="导入可导入的 4 行").click()

    expect(page.get_by_role("heading", name="导入完成")).to_be_visible()
    expect(page.get_by_test_id("summary")).to_contain_text("4新增会员")
    visit.screenshot("import-done.png")
    phone.goto(page.url)
    visit.screenshot("import-done-phone.png", page=phone)

    assert Membership.objects.filter(org=town.u1, status="active").count() == 4
    zhao = Person.objects.get(id_number_hash=blind_index(FIXED))
    assert (zhao.name, zhao.employment_form) == ("赵六", "dispatched")

    page.get_by_role("button", name="返回导入列表").click()
    expect(page.get_by_role("link", name="东方机械花名册（改）.xlsx")).to_be_visible()
    visit.screenshot("import-list.png")
    assert_clean_console(visit)
    assert settings.MEDIA_ROOT  # uploads went to the test's own media folder (conftest)


def test_a_chair_asks_for_members_of_another_district_and_their_union_agrees(
    visit: Visit, town: City, tmp_path: Path
) -> None:
    """U1's chair imports a roster naming two members of U3 (another district): the preview does not say
    which union holds them, a ticked row becomes a transfer request that moves nobody, and U3's chair
    agrees on the request page after confirming; only then does the member move."""
    from unionhall.imports.tests.support import SYSTEM
    from unionhall.members import services as member_services
    from unionhall.members.models import TransferRequest

    for row in GOOD[:2]:
        member_services.member_join(
            actor=SYSTEM, org=town.u3, person=member_services.PersonData(name=str(row[1]), id_number=str(row[2]))
        )
    path = write_xlsx(tmp_path / "花名册.xlsx", [HEADERS, *GOOD])
    page = visit.page
    visit.log_in("chair_u1")
    visit.goto("/imports/new/")
    page.get_by_label("Excel 文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并识别各列").click()
    page.get_by_role("button", name="确认，开始校验").click()
    expect(page.get_by_test_id("counts")).to_contain_text("2其他工会会员")
    expect(page.get_by_role("group", name="2 人已是其他工会的会员")).to_be_visible()
    expect(page.get_by_text("西方纺织")).to_have_count(0)
    page.get_by_label("第 3 行 李四（其他工会）").check()
    visit.screenshot("import-elsewhere.png")
    phone = visit.phone()
    phone.goto(page.url)
    visit.screenshot("import-elsewhere-phone.png", page=phone)
    page.get_by_role("button", name="导入可导入的 3 行").click()
    expect(page.get_by_test_id("summary")).to_contain_text("1新增会员")
    expect(page.get_by_test_id("summary")).to_contain_text("1已申请接转")
    assert Membership.objects.get(person__name="李四", status="active").org == town.u3
    request = TransferRequest.objects.get()

    # U3's chair finds the request waiting, reads who asks, and agrees after the confirmation dialog.
    visit.context.clear_cookies()
    visit.log_in("chair_u3")
    expect(page.get_by_test_id("todo")).to_contain_text("会员接转申请待同意")
    visit.goto("/members/transfers/")
    page.get_by_role("link", name=f"#{request.pk}").click()
    expect(page.get_by_text("东方机械公司工会").first).to_be_visible()
    visit.screenshot("transfer-request.png")
    page.get_by_role("button", name="同意接转").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="确定").click()
    expect(page.get_by_text("已同意接转：李四 转入 东方机械公司工会。")).to_be_visible()
    expect(page.get_by_text("原工会已同意")).to_be_visible()
    assert Membership.objects.get(person__name="李四", status="active").org == town.u1
    assert Membership.objects.get(person__name="张三", status="active").org == town.u3
    assert_clean_console(visit)
