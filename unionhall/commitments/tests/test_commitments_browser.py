"""In a real browser: a street cadre publishes this year's card from the city's template; the chair of a union
in their area rates a commitment on the card; the public page, opened without a login as from the printed
card's QR code, shows the average.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/commitments-*.png for a person to look at.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.commitments.models import CommitmentCard, Rating
from unionhall.responsibility import services as responsibility_services
from unionhall.responsibility.models import Kind
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city

pytestmark = pytest.mark.browser


@pytest.fixture
def city_committed(transactional_db: Any) -> City:
    city = build_city()
    responsibility_services.assignment_create(
        actor=SYSTEM, cadre=city.users["cadre_t1"], kind=Kind.AREA, unit=city.t1, starts_on=date(2024, 1, 1)
    )
    return city


def test_a_cadre_publishes_a_card_a_chair_rates_it_and_the_public_page_shows_the_average(
    visit: Visit, city_committed: City
) -> None:
    page = visit.page
    # 1. The cadre publishes their card: two of the city's template items, due by the year's end.
    visit.log_in("cadre_t1")
    visit.goto("/commitments/")
    page.get_by_test_id("publish").click()
    page.get_by_label("六多六少”：多深入基层、少坐办公室").check()
    page.get_by_label("六不六要”：不推诿扯皮，要首问负责").check()
    page.get_by_role("button", name="公开承诺卡").click()
    expect(page.get_by_test_id("commitments")).to_contain_text("多深入基层、少坐办公室")
    card = CommitmentCard.objects.get()
    assert card.commitments.count() == 2
    visit.screenshot("commitments-1-card.png")
    page.get_by_role("button", name="退出").click()

    # 2. The chair of U1, in the cadre's area, rates the first commitment.
    visit.log_in("chair_u1")
    visit.goto(f"/commitments/{card.pk}/")
    rate = page.get_by_test_id("rate").first
    rate.get_by_label("评分（东方机械公司工会）").select_option("4")
    rate.get_by_label("评价意见（东方机械公司工会）").fill("走访及时，问题有回音")
    rate.get_by_role("button", name="评价").click()
    expect(page.get_by_text("评价已提交，谢谢。")).to_be_visible()
    expect(page.get_by_test_id("average")).to_contain_text("4.0")
    assert Rating.objects.get().score == 4
    page.get_by_role("button", name="退出").click()

    # 3. Anybody, without a login, opens the public page the printed card's QR code points at.
    visit.goto(f"/commitments/card/{card.token}/")
    expect(page.get_by_test_id("average")).to_contain_text("平均 4.0 分（1 次评价）")
    expect(page.get_by_test_id("public-card")).not_to_contain_text("cadre_t1")
    visit.screenshot("commitments-2-public.png")
    assert_clean_console(visit)
