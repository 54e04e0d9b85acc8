"""A town cadre runs 送温暖 in a real browser: preview the households with who would be refused and why,
run it, and read the per-household results.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/warmth-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.assistance.models import Disbursement
from unionhall.programmes.tests.helpers import warmth_programme
from unionhall.tests import factories
from unionhall.tests.browser import Visit
from unionhall.tests.city import City, build_city

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    city = build_city()
    programme = warmth_programme()
    programme.name = "两节送温暖"
    programme.save()
    factories.budget_chain(city.t1, 50_000_00)
    factories.hardship_file(city.u1, name="甲困难")
    factories.hardship_file(city.u1, name="乙困难", category="relative")
    factories.hardship_file(city.u2, name="丙困难", category="accident")
    return city


def test_a_town_cadre_previews_and_runs_a_warmth_batch(visit: Visit, town: City) -> None:
    page = visit.page
    visit.log_in("cadre_t1")
    page.get_by_role("navigation").get_by_role("link", name="送温暖", exact=True).click()
    page.get_by_text("新的送温暖批次").click()
    page.get_by_label("帮扶项目").select_option(label="两节送温暖")
    page.get_by_role("button", name="预览").click()
    summary = page.get_by_test_id("preview-summary")
    expect(summary).to_contain_text("共 3 户，其中符合条件 2 户，合计 1,500.00 元")
    expect(page.get_by_test_id("preview-table")).to_contain_text("不符合")
    visit.screenshot("warmth-preview.png")
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("batch-progress")).to_contain_text("成功 2 户，未成功 1 户")
    expect(page.get_by_test_id("results-table")).to_contain_text("只面向深度困难、相对困难的档案")
    visit.screenshot("warmth-results.png")
    assert Disbursement.objects.count() == 2
    assert visit.csp_violations() == [], visit.csp_violations()
    assert visit.page_errors == [], visit.page_errors
