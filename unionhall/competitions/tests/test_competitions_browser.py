"""The live ranking in a real browser: 东方机械公司工会's chair watches the ranking of 东区's competition while
东区's cadre, in another browser context, verifies the union's reported result on the competition's page; the
chair's page moves the union to first place by itself — no reload (a marker set in the page survives).

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/competitions-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.competitions import services
from unionhall.competitions.models import Competition, Result
from unionhall.competitions.tests.support import competition, enter
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import TEST_PASSWORD, City, build_city

pytestmark = pytest.mark.browser


@pytest.fixture
def running(transactional_db: Any) -> tuple[City, Competition, Result]:
    """东一村工会's result is verified (it leads); 东方机械公司工会's better one waits for verification."""
    city = build_city()
    made = competition(city)
    services.competition_result_verify(actor=SYSTEM, result=enter(made, city.u2, "JD", "100"))
    waiting = enter(made, city.u1, "JD", "115", actor=city.users["chair_u1"])
    return city, made, waiting


def test_the_ranking_changes_without_a_reload_when_the_organizer_verifies_a_result(
    visit: Visit, running: tuple[City, Competition, Result]
) -> None:
    _city, made, waiting = running
    visit.log_in("chair_u1")
    watcher = visit.page
    visit.goto(f"/competitions/{made.pk}/ranking/")
    rows = watcher.get_by_test_id("ranking").locator("tbody tr")
    expect(rows.first).to_contain_text("东一村工会")
    expect(rows.first).to_contain_text("60.00")
    watcher.evaluate("window.__stillHere = 'yes'")
    visit.screenshot("competitions-ranking-before.png")

    # The organizer, in a browser of its own, verifies the union's result on the competition's page.
    organizer = visit.context.browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = organizer.new_page()
    visit.watch(page)
    page.goto(visit.base_url + "/accounts/login/")
    page.get_by_label("用户名").fill("cadre_d1")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("scope")).to_be_visible()
    page.goto(f"{visit.base_url}/competitions/{made.pk}/")
    row = page.locator(f'tr[data-result="{waiting.pk}"]')
    expect(row).to_contain_text("待核定")
    row.get_by_role("button", name="核定").click()
    expect(page.locator(f'tr[data-result="{waiting.pk}"]')).to_contain_text("已核定")

    # The chair's page follows by itself.
    expect(rows.first).to_contain_text("东方机械公司工会", timeout=15_000)
    expect(rows.first).to_contain_text("69.00")
    expect(rows.nth(1)).to_contain_text("东一村工会")
    assert watcher.evaluate("window.__stillHere") == "yes", "the ranking page was reloaded"
    visit.screenshot("competitions-ranking-after.png")
    organizer.close()
    assert_clean_console(visit)
