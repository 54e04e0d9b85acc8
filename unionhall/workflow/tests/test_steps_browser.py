"""A dangerous step in a real browser: on the case page the step bar shows where the case stands; pressing
职工撤回 opens a dialog that says what will happen; 取消 leaves the case as it was, 确定 takes the step.

Runs on the system's Chromium against the live server; skips where there is none (unionhall/tests/browser.py).
Screenshots land in test-artifacts/steps-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.rights.models import Case, CaseStatus
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import case

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    return build_city()


def test_a_dangerous_step_opens_a_dialog_and_cancel_changes_nothing(visit: Visit, town: City) -> None:
    k = case(town.u1, employer=town.e1, status=CaseStatus.IN_PROGRESS)
    visit.log_in("chair_u1")
    page = visit.page
    visit.goto(f"/rights/{k.pk}/")
    bar = page.get_by_test_id("step-bar")
    expect(bar.locator("[aria-current=step]")).to_have_attribute("data-status", "in_progress")

    page.get_by_test_id("step-withdraw").locator("summary").click()
    page.locator("#withdraw_reason").fill("职工已与单位自行和解")
    page.get_by_test_id("step-withdraw").get_by_role("button", name="职工撤回").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("确认「职工撤回」？撤回后案件关闭，不再办理。")
    visit.screenshot("steps-1-confirm.png")

    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(300)  # a submit, had cancel let one through, would have started by now
    assert Case.objects.get(pk=k.pk).status == CaseStatus.IN_PROGRESS
    expect(page.get_by_test_id("status")).to_have_text("办理中")

    page.get_by_test_id("step-withdraw").get_by_role("button", name="职工撤回").click()
    dialog.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("step-off")).to_be_visible()
    assert Case.objects.get(pk=k.pk).status == CaseStatus.WITHDRAWN
    visit.screenshot("steps-2-withdrawn.png")
    assert_clean_console(visit)
