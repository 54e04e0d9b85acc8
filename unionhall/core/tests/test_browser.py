"""A district cadre at work in a real browser: log in, browse and search the tree, read a union, list and
export employers, correct a mistyped form, and meet 未找到 outside the district.

Runs on the system's Chromium against the live server; skips where there is none (see browser.py).
Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from unionhall.orgs.models import OrgUnit
from unionhall.tests.browser import PHONE, Visit, artifacts_dir, assert_clean_console
from unionhall.tests.city import City, build_city

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    """The shared city, committed so the live server's thread sees it."""
    return build_city()


def test_a_district_cadre_browses_the_tree_and_exports_employers(visit: Visit, town: City) -> None:
    page = visit.page
    visit.goto("/accounts/login/")
    visit.screenshot("login.png")
    visit.log_in("cadre_d1")
    expect(page).to_have_url(visit.base_url + reverse("console:home"))
    expect(page.get_by_test_id("scope")).to_contain_text("东区总工会")
    visit.screenshot("home.png")

    # The tree: the district at the top, its town folded; "+" fetches the town's unions with htmx.
    page.get_by_role("navigation").get_by_role("link", name="组织", exact=True).click()
    expect(page.get_by_role("heading", name="组织树")).to_be_visible()
    expect(page.get_by_role("link", name="东一街道总工会", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="东方机械公司工会", exact=True)).to_have_count(0)
    page.get_by_role("button", name="展开 东一街道总工会").click()
    expect(page.get_by_role("link", name="东方机械公司工会", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="东一村工会", exact=True)).to_be_visible()
    visit.screenshot("tree.png")
    # The same button folds the node and unfolds it again without fetching twice.
    refetches: list[str] = []
    page.on("request", lambda request: refetches.append(request.url) if "/children/" in request.url else None)
    page.get_by_role("button", name="收起 东一街道总工会").click()
    expect(page.get_by_role("link", name="东方机械公司工会", exact=True)).to_be_hidden()
    page.get_by_role("button", name="展开 东一街道总工会").click()
    expect(page.get_by_role("link", name="东方机械公司工会", exact=True)).to_be_visible()
    assert refetches == []

    phone = visit.phone()
    phone.goto(page.url)
    phone.get_by_role("button", name="展开 东一街道总工会").click()
    expect(phone.get_by_role("link", name="东方机械公司工会", exact=True)).to_be_visible()
    assert phone.viewport_size == PHONE
    visit.screenshot("tree-phone.png", page=phone)

    # Search: only what lies in the district.
    page.get_by_role("searchbox", name="搜索组织").fill("公司")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_text("找到 2 个组织")).to_be_visible()
    expect(page.get_by_role("link", name="东方机械公司工会", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="西方纺织公司工会")).to_have_count(0)
    visit.screenshot("tree-search.png")

    # A union's page, with the path to it.
    page.get_by_role("link", name="东方机械公司工会", exact=True).click()
    expect(page.get_by_role("heading", name="东方机械公司工会", level=2)).to_be_visible()
    crumbs = page.get_by_role("navigation", name="breadcrumb")
    expect(crumbs).to_contain_text("东区总工会")
    expect(crumbs).to_contain_text("东一街道总工会")
    expect(page.get_by_role("link", name="东方机械有限公司")).to_be_visible()
    visit.screenshot("org-detail.png")
    phone.goto(page.url)
    visit.screenshot("org-detail-phone.png", page=phone)

    # The employer register: the district's employers only; filter to those without a union; export.
    page.get_by_role("navigation").get_by_role("link", name="用人单位", exact=True).click()
    expect(page.get_by_role("heading", name="用人单位", level=2)).to_be_visible()
    expect(page.get_by_role("link", name="东方机械有限公司")).to_be_visible()
    expect(page.get_by_role("link", name="东区未建会商贸公司")).to_be_visible()
    expect(page.get_by_role("link", name="西方纺织有限公司")).to_have_count(0)
    page.get_by_label("建会").select_option(label="未建会")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]covered=no"))
    expect(page.get_by_role("link", name="东区未建会商贸公司")).to_be_visible()
    expect(page.get_by_role("link", name="东方机械有限公司")).to_have_count(0)
    visit.screenshot("employer-list.png")
    phone.goto(page.url)
    visit.screenshot("employer-list-phone.png", page=phone)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出 Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    saved = artifacts_dir() / "employers.xlsx"
    download.save_as(saved)
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert [row[0] for row in rows[1:]] == ["东区未建会商贸公司"]  # the filter travels with the export

    assert_clean_console(visit)


def test_the_edit_form_keeps_what_was_typed_when_one_field_is_wrong(visit: Visit, town: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    visit.goto(reverse("orgs:detail", args=[town.u1.pk]))
    page.get_by_role("button", name="编辑").click()
    expect(page.get_by_role("heading", name="编辑：东方机械公司工会")).to_be_visible()

    page.get_by_label("地址").fill("新地址 8 号")
    page.get_by_label("工会法人统一社会信用代码").fill("123")
    page.get_by_role("button", name="确定").click()

    uscc_label = page.locator("label", has=page.get_by_label("工会法人统一社会信用代码"))
    expect(uscc_label.get_by_role("alert")).to_contain_text("统一社会信用代码格式或校验位不正确")
    expect(page.get_by_label("地址")).to_have_value("新地址 8 号")
    expect(page.get_by_label("工会法人统一社会信用代码")).to_have_value("123")
    visit.screenshot("org-edit-error.png")

    page.get_by_label("工会法人统一社会信用代码").fill("")
    page.get_by_role("button", name="确定").click()
    expect(page).to_have_url(visit.base_url + reverse("orgs:detail", args=[town.u1.pk]))
    expect(page.get_by_role("status")).to_contain_text("已保存")
    expect(page.locator("dl.facts")).to_contain_text("新地址 8 号")
    assert OrgUnit.objects.get(pk=town.u1.pk).address == "新地址 8 号"

    assert_clean_console(visit)


def test_a_union_outside_the_district_is_not_found(visit: Visit, town: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    response = visit.goto(reverse("orgs:detail", args=[town.u3.pk]))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="未找到")).to_be_visible()
    expect(page.get_by_text("西方纺织公司工会")).to_have_count(0)
    visit.screenshot("not-found.png")

    assert_clean_console(visit, expected=("status of 404",))  # the page's own status, reported by Chromium
