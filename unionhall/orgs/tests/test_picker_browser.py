"""The unit picker in a real browser: a district cadre types pinyin initials into the member list's filter,
picks the union from what the search offers and sees the list narrowed to it.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
The screenshot lands in test-artifacts/picker-member-list.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import join

pytestmark = pytest.mark.browser


@pytest.fixture
def members(transactional_db: Any) -> City:
    city = build_city()
    join(city.u1, "张三", "11010519900101001")
    join(city.u2, "李四", "11010519900101002")
    return city


def test_a_cadre_picks_a_union_by_its_initials_and_the_member_list_follows(visit: Visit, members: City) -> None:
    page = visit.page
    visit.log_in("cadre_d1")
    visit.goto("/members/")
    table = page.locator("table tbody")
    expect(table).to_contain_text("张三")
    expect(table).to_contain_text("李四")
    box = page.locator("#id_org-ts-control")
    expect(box).to_have_attribute("placeholder", "全部")
    box.click()
    # Browsing: the top of the cadre's reach, as a tree; nothing of the other district.
    dropdown = page.locator(".ts-dropdown")
    expect(dropdown).to_contain_text("东一街道总工会")
    expect(dropdown).not_to_contain_text("西区总工会")
    visit.screenshot("picker-member-list-browse.png")
    box.press_sequentially("dyc", delay=50)
    option = dropdown.locator(".option", has_text="东一村工会")
    expect(option).to_contain_text("东区总工会 / 东一街道总工会")
    expect(dropdown.locator(".option")).to_have_count(1)
    visit.screenshot("picker-member-list.png")
    option.click()
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(
        f"{visit.base_url}/members/?q=&org={members.u2.code}&status=open"
        "&employment_form=&migrant=&joined_from=&joined_to="
    )
    expect(table).to_contain_text("李四")
    expect(table).not_to_contain_text("张三")
    # The chosen union stays shown by its path after the page reloads.
    expect(page.locator(".ts-wrapper .item")).to_have_text("东区总工会 / 东一街道总工会 / 东一村工会")
    visit.screenshot("picker-member-list-filtered.png")
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
