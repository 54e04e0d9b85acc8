"""The card page for its holder: the full number, and a QR code and a barcode the counter accepts, shown only
to the holder; the masked number everywhere else; opening the page writes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.cards.models import AssistanceCard, CardStatus, Redemption
from unionhall.core import barcodes
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.factories import merchant_d1
from unionhall.worker_portal.tests.support import CARD_CODE, Mine, other_world


def _page(city: City, mine: Mine, user: str = "worker_u1") -> str:
    response = city.client(user).get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_holder_sees_the_full_number_in_groups_of_four(city: City, mine: Mine) -> None:
    n = mine.card.number
    assert f"{n[:4]} {n[4:8]} {n[8:12]} {n[12:]}" in _page(city, mine)


def test_the_qr_code_and_the_barcode_carry_the_card_number(city: City, mine: Mine) -> None:
    text = _page(city, mine)
    assert f'data-code="{mine.card.number}"' in text
    assert barcodes.qr_svg(mine.card.number).split("?>")[-1] in text
    assert barcodes.code128_svg(mine.card.number) in text


def test_the_code_the_page_carries_is_redeemed_at_the_counter(city: City, mine: Mine) -> None:
    # The card of worker_world lies at U1, inside D1's counter.
    merchant_d1(city)
    scanned = re.search(r'data-code="(\d+)"', _page(city, mine))
    assert scanned is not None
    response = city.client("merchant_d1").post(
        reverse("cards:redeem"),
        {"number": scanned.group(1), "code": CARD_CODE, "amount": "20", "merchant_ref": "POS-QR"},
    )
    assert "核销成功" in response.content.decode()
    assert Redemption.objects.filter(card=mine.card, merchant_ref="POS-QR").exists()
    assert "¥394.50" in _page(city, mine)  # 500.00 − 85.50 − 20.00


def test_opening_the_card_page_writes_no_audit_event(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")  # logging in is an event of its own
    before = AuditEvent.objects.count()
    assert client.get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk})).status_code == 200
    assert AuditEvent.objects.count() == before


def test_a_frozen_card_shows_no_code_to_scan(city: City, mine: Mine) -> None:
    AssistanceCard.objects.filter(pk=mine.card.pk).update(status=CardStatus.FROZEN)
    text = _page(city, mine)
    assert "data-code" not in text and "<svg" not in text.split('data-testid="card"')[1].split("</article>")[0]


def test_a_replaced_card_points_to_the_new_card_in_my_cards(city: City, mine: Mine) -> None:
    AssistanceCard.objects.filter(pk=mine.card.pk).update(status=CardStatus.REPLACED)
    assert "补办的新卡在“我的帮扶 · 帮扶卡”中" in _page(city, mine)


def test_my_home_page_keeps_the_number_masked(city: City, mine: Mine) -> None:
    text = city.client("worker_u1").get(reverse("worker_portal:home")).content.decode()
    assert mine.card.number not in text


def test_another_worker_gets_404_on_my_card_page_and_sees_no_number(city: City, mine: Mine) -> None:
    theirs = other_world(city)
    client = Client()
    client.force_login(theirs.profile.user)
    response = client.get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk}))
    assert response.status_code == 404
    assert mine.card.number not in response.content.decode()


@pytest.mark.parametrize("actor", ["outsider", "chair_u1", "merchant_d1"])
def test_no_one_else_reaches_the_card_page(city: City, mine: Mine, actor: str) -> None:
    response = city.client(actor).get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk}))
    assert response.status_code == 404
