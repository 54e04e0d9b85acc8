"""Paying with the assistance card, in real browsers: the worker opens the card on a phone and the QR code
is shown; the page carries the code it draws (data-code); the merchant's counter on a desktop takes that
code as a scanner sends it (the number, then Enter), then the verification code the worker reads out and
the amount; the worker's page then shows the new balance.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/me-card-*.png for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.cards.models import Redemption
from unionhall.tests.browser import DESKTOP, PASSWORD, Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import merchant_d1
from unionhall.worker_portal.tests.support import CARD_CODE, worker_world

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db: Any) -> City:
    """The shared city, committed so the live server's thread sees it."""
    return build_city()


def test_a_worker_pays_at_the_counter_with_the_qr_code_on_their_phone(visit: Visit, town: City) -> None:
    mine = worker_world(town)  # 李明 of U1: a card holding 500.00, 85.50 spent
    merchant_d1(town)  # D1's supermarket, merchant_d1 at its counter

    visit.log_in("worker_u1")
    phone = visit.phone()
    phone.goto(visit.base_url + "/me/")
    phone.get_by_test_id("my-cards").get_by_role("link").first.click()
    qr = phone.get_by_test_id("card-qr")
    expect(qr).to_be_visible()
    expect(qr.locator("svg")).to_be_visible()
    expect(phone.get_by_test_id("card-barcode").locator("svg")).to_be_visible()
    expect(phone.get_by_test_id("card-balance")).to_have_text("¥414.50")
    scanned = qr.get_attribute("data-code")
    assert scanned == mine.card.number
    phone.get_by_role("button", name="显示验证码").click()
    expect(phone.get_by_test_id("card-code")).to_contain_text(CARD_CODE)
    spoken = re.search(r"\d{6}", phone.get_by_test_id("card-code").inner_text())
    assert spoken is not None
    visit.screenshot("me-card-phone.png", phone)

    # The counter, on the shop's desktop: a scanner types the number and presses Enter.
    shop = visit.context.browser.new_context(viewport=DESKTOP, locale="zh-CN")
    counter = shop.new_page()
    visit.watch(counter)
    counter.goto(visit.base_url + "/accounts/login/")
    counter.get_by_label("用户名").fill("merchant_d1")
    counter.get_by_label("密码").fill(PASSWORD)
    counter.get_by_role("button", name="登录").click()
    number = counter.get_by_label("卡号")
    expect(number).to_be_visible()
    number.fill(scanned)
    number.press("Enter")
    expect(counter.get_by_text(f"已读取卡号 **** {scanned[-4:]}")).to_be_visible()
    expect(counter.get_by_label("卡号")).to_have_value(scanned)
    counter.get_by_label("验证码", exact=True).fill(spoken.group(0))
    counter.get_by_label("金额（元）").fill("20")
    counter.get_by_label("小票号").fill("POS-QR-1")
    counter.get_by_role("button", name="确认核销").click()
    result = counter.get_by_test_id("redeem-result")
    expect(result).to_contain_text("394.50")
    visit.screenshot("me-card-counter.png", counter)
    assert Redemption.objects.filter(card=mine.card, merchant_ref="POS-QR-1", amount_fen=20_00).exists()

    # Back on the phone: the new balance and the redemption.
    phone.reload()
    expect(phone.get_by_test_id("card-balance")).to_have_text("¥394.50")
    expect(phone.get_by_test_id("redemptions")).to_contain_text("−¥20.00")
    visit.screenshot("me-card-after.png", phone)

    # The e-card the join page promises, and the membership history, one tap from 我的帮扶.
    phone.goto(visit.base_url + "/me/")
    visit.screenshot("me-home.png", phone)
    phone.get_by_test_id("member-card-link").click()
    expect(phone.get_by_test_id("member-card-qr").locator("svg")).to_be_visible()
    expect(phone.get_by_test_id("my-memberships")).to_contain_text(town.u1.name)
    visit.screenshot("me-member-card.png", phone)
    assert_clean_console(visit)
