"""The console shell in a real browser, for every demo role, at 1366×800 and on a 390×844 phone: the
sidebar's entries each on one line and the top bar one line high on the desktop; on the phone the menu is
a drawer, hidden until the menu button opens it; no script error, no CSP violation. Screenshots of each
role's home and main lists land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.console.tests.support import log_in
from unionhall.demo.seed import DEMO_USERS
from unionhall.tests.browser import PHONE, Visit

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 800}
# The three lists each role works in most, where it has them (a role without one is offered none).
MAIN_LISTS = ["members:list", "assistance:archive_list", "rights:case_list"]


def assert_desktop_shell(page: Any) -> None:
    """The top bar is one line; every sidebar entry is one line (no label wraps)."""
    bar = page.get_by_test_id("topbar").bounding_box()
    assert bar is not None and bar["height"] <= 60, bar
    sidebar = page.get_by_role("navigation", name="功能导航")
    if sidebar.count() == 0:
        return
    expect(sidebar).to_be_visible()
    for link in sidebar.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["height"] <= 34, (link.inner_text(), box)
    # The page itself is no wider than the window: nothing pushes it sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def assert_phone_drawer(page: Any, shot: Callable[[], Any] | None = None) -> None:
    bar = page.get_by_test_id("topbar").bounding_box()
    assert bar is not None and bar["height"] <= 60, bar
    sidebar = page.get_by_role("navigation", name="功能导航")
    if page.locator("#uh-sidebar").count() == 0:
        expect(page.get_by_test_id("menu-button")).to_have_count(0)
        return
    expect(sidebar).to_be_hidden()
    page.get_by_test_id("menu-button").click()
    expect(sidebar).to_be_visible()
    page.locator("#uh-sidebar.show:not(.showing)").wait_for()  # the drawer has finished sliding in
    first = sidebar.get_by_role("link").first
    box = first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    if shot is not None:
        shot()
    # The drawer is fixed to the screen: its last entry is reached by scrolling inside it.
    last = sidebar.get_by_role("link").last
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1, box
    page.get_by_role("button", name="关闭菜单").click()
    expect(sidebar).to_be_hidden()


# Cards (the worker's pages) that the red header shows through or covers: each card must be opaque, and the
# element at a point just inside its top edge must belong to it.
COVERED_CARDS = """els => els.filter(el => {
  el.scrollIntoView({block: "center"});
  const box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + 6);
  const see_through = getComputedStyle(el).backgroundColor.replace(/ /g, "") === "rgba(0,0,0,0)";
  return see_through || (hit !== null && !el.contains(hit));
}).map(el => el.innerText.trim().slice(0, 20))"""


def assert_cards_uncovered(page: Any) -> None:
    """On the worker's pages the red header overlaps the first card by design; it must lie under an opaque card."""
    assert page.eval_on_selector_all(".portal-card", COVERED_CARDS) == []
    page.evaluate("window.scrollTo(0, 0)")  # the screenshot after it shows the page from its top


def test_every_demo_role_works_in_the_console_on_a_desktop_and_a_phone(visit: Visit, demo: None) -> None:
    for username, *_ in DEMO_USERS:
        if username == "sysadmin":
            continue
        visit.context.clear_cookies()
        visit.page.set_viewport_size(DESKTOP)
        log_in(visit, username)
        page = visit.page
        pages = [page.url]
        offered = [
            a.get_attribute("href") for a in page.get_by_role("navigation", name="功能导航").get_by_role("link").all()
        ]
        pages += [visit.base_url + reverse(name) for name in MAIN_LISTS if reverse(name) in offered]
        phone = visit.phone()
        for n, url in enumerate(pages):
            page.goto(url)
            assert_desktop_shell(page)
            visit.screenshot(f"shell-{username}-{n}-desktop.png")
            phone.goto(url)
            assert_cards_uncovered(phone)
            drawer = partial(visit.screenshot, f"shell-{username}-{n}-phone-drawer.png", page=phone)
            assert_phone_drawer(phone, drawer if n == 0 else None)
            visit.screenshot(f"shell-{username}-{n}-phone.png", page=phone)
        phone.context.close()
        assert visit.csp_violations() == [], (username, visit.csp_violations())
        assert visit.page_errors == [], (username, visit.page_errors)


def test_the_sidebar_folds_away_and_stays_folded(visit: Visit, demo: None) -> None:
    visit.page.set_viewport_size(DESKTOP)
    log_in(visit, "cadre_gusu")
    page = visit.page
    sidebar = page.get_by_role("navigation", name="功能导航")
    expect(sidebar).to_be_visible()
    page.get_by_role("button", name="收起导航").click()
    expect(sidebar).to_be_hidden()
    page.goto(visit.base_url + reverse("members:list"))
    expect(sidebar).to_be_hidden()
    visit.screenshot("shell-folded.png")
    page.get_by_role("button", name="展开导航").click()
    expect(sidebar).to_be_visible()
    assert visit.csp_violations() == []
