"""The main list pages of the demo city in a real browser at 1366×800: every cell marked as a code, a
date, a status or an amount (`data-cell`) renders on one line — its content's height measured against its
line height — tables take the page's width, the sort headers and the pager are there, and on 维权统计 the
employer table spans the page. Screenshots land in test-artifacts/ for a person to look at."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.console.tests.support import log_in
from unionhall.tests.browser import Visit

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 800}
LISTS = [
    "members:list",
    "assistance:archive_list",
    "rights:case_list",
    "rights:risk_list",
    "funds:disbursements",
    "cards:list",
    "cards:merchants",
    "cards:settlements",
    "coverage:sync",
    "coverage:elections",
    "coverage:tasks",
    "orgs:employers",
    "imports:list",
    "joining:applications",
    "ten_services:list",
    "members:transfer_requests",
    "supervision:tasks",
    "supervision:departments",
    "console:audit",
]

# Per marked element: the height its content takes (from the text boxes' rectangles, so a tall row made by
# a neighbouring cell does not count) and its line height.
MEASURE = """els => els.map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const boxes = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
  const height = boxes.length ? Math.max(...boxes.map(r => r.bottom)) - Math.min(...boxes.map(r => r.top)) : 0;
  return {kind: el.dataset.cell, text: el.innerText.trim().slice(0, 40), height, line};
})"""

# Text cells (six characters or more) narrower than six characters of their font.
SQUEEZED = """els => els.filter(el => el.innerText.trim().length >= 6)
  .filter(el => el.clientWidth < parseFloat(getComputedStyle(el).fontSize) * 6)
  .map(el => el.innerText.trim().slice(0, 20))"""


def test_codes_dates_statuses_and_amounts_stay_on_one_line_on_every_main_list(visit: Visit, demo: None) -> None:
    visit.page.set_viewport_size(DESKTOP)
    log_in(visit, "admin_city")
    page = visit.page
    measured: dict[str, int] = {}
    for name in LISTS:
        response = visit.goto(reverse(name))
        assert response is not None and response.status == 200, name
        visit.screenshot(f"lists-{name.replace(':', '-')}.png")
        cells = page.eval_on_selector_all("[data-cell]", MEASURE)
        wrapped = [c for c in cells if c["height"] > c["line"] * 1.5]
        assert wrapped == [], (name, wrapped)
        measured[name] = len(cells)
        # no text cell of some length is squeezed under six characters a line by a wide neighbour
        squeezed = page.eval_on_selector_all("table td:not(.nowrap):not(.num)", SQUEEZED)
        assert squeezed == [], (name, squeezed)
        # the table fills its frame: nobody squeezed it into a column
        for frame in page.locator(".table-wrap").all():
            frame_width = frame.bounding_box()["width"]
            table_width = frame.locator("table").first.bounding_box()["width"]
            assert table_width >= frame_width - 2, (name, table_width, frame_width)
        expect(page.get_by_test_id("pager")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], name
    # the demo city fills these lists: the check measured cells, not empty tables
    assert all(measured[name] > 0 for name in ["members:list", "rights:case_list", "rights:risk_list"]), measured
    assert visit.csp_violations() == [] and visit.page_errors == []


def test_a_sorted_list_shows_its_arrow_and_keeps_the_sort_on_the_next_page(visit: Visit, demo: None) -> None:
    visit.page.set_viewport_size(DESKTOP)
    log_in(visit, "admin_city")
    page = visit.page
    visit.goto(reverse("members:list") + "?per_page=20")
    page.locator("a.sort-link[data-sort='name']").click()
    expect(page.locator("a.sort-link[data-sort='name']")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="下一页").click()
    assert "sort=name" in page.url and "per_page=20" in page.url and "page=2" in page.url
    expect(page.locator("a.sort-link[data-sort='name']")).to_have_attribute("aria-sort", "ascending")
    page.locator(".pager-page").fill("3")
    page.get_by_test_id("page-jump").get_by_role("button", name="确定").click()
    assert "sort=name" in page.url and "page=3" in page.url
    visit.screenshot("lists-members-sorted.png")


def test_the_rights_dashboard_gives_the_employer_table_the_page_width(visit: Visit, demo: None) -> None:
    visit.page.set_viewport_size(DESKTOP)
    log_in(visit, "admin_city")
    page = visit.page
    visit.goto(reverse("reports:rights"))
    table = page.get_by_test_id("rights-employers")
    expect(table).to_be_visible()
    main = page.locator(".uh-main").first.bounding_box()
    box = table.bounding_box()
    visit.screenshot("lists-rights-dashboard.png")
    assert box is not None and main is not None
    assert box["width"] >= main["width"] * 0.8, (box, main)
    cells = page.eval_on_selector_all(".rep-grid td:first-child", MEASURE.replace("el.dataset.cell", "'td'"))
    assert cells and [c for c in cells if c["height"] > c["line"] * 1.5] == []
    # it was 6,369 px tall when every table sat squeezed in a third of the width
    assert page.evaluate("document.documentElement.scrollHeight") < 5000
