"""The counter takes the number as a scanner sends it or a cashier types it; "未找到该卡" only for a
well-formed number that names no card the merchant may redeem."""

from __future__ import annotations

from django.urls import reverse

from unionhall.cards import codes
from unionhall.cards.models import Redemption
from unionhall.cards.tests.helpers import card
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.factories import merchant_d1


def _redeem(city: City, number: str, code: str, ref: str = "POS-1", amount: str = "1.00") -> str:
    response = city.client("merchant_d1").post(
        reverse("cards:redeem"), {"number": number, "code": code, "amount": amount, "merchant_ref": ref}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_number_typed_in_groups_with_spaces_or_dashes_is_redeemed(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, balance_fen=10_00)
    n = c.number
    for i, typed in enumerate((f"{n[:4]} {n[4:8]} {n[8:12]} {n[12:]}", f"{n[:4]}-{n[4:8]}-{n[8:12]}-{n[12:]}")):
        assert "核销成功" in _redeem(city, typed, code, ref=f"POS-{i}")
    assert Redemption.objects.filter(card=c).count() == 2


def test_full_width_digits_from_a_chinese_input_method_are_read_as_digits(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    wide = "".join(chr(ord(d) + 0xFEE0) for d in c.number)
    assert "核销成功" in _redeem(city, f"{wide[:8]}\u3000{wide[8:]}", code)


def test_a_scan_alone_keeps_the_number_and_asks_for_the_rest_without_redeeming(city: City) -> None:
    merchant_d1(city)
    c, _ = card(city)
    response = city.client("merchant_d1").post(reverse("cards:redeem"), {"number": c.number + "\r\n"})
    text = response.content.decode()
    assert f"已读取卡号 **** {c.number[-4:]}" in text
    assert f'value="{c.number}"' in text
    assert "field-error" not in text and "未找到该卡" not in text
    assert not Redemption.objects.exists()
    assert not AuditEvent.objects.filter(action="card.redeem").exists()


def test_a_mistyped_number_is_called_mistyped_not_unknown(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    wrong_check = c.number[:-1] + str((int(c.number[-1]) + 1) % 10)
    for typed in (c.number[:-1], wrong_check):
        text = _redeem(city, typed, code)
        assert "卡号有误" in text and "未找到该卡" not in text
    assert not Redemption.objects.exists()


def test_a_well_formed_number_of_no_card_is_not_found(city: City) -> None:
    merchant_d1(city)
    _, code = card(city)
    text = _redeem(city, codes.new_number(), code)
    assert "未找到该卡" in text


def test_the_outsider_cannot_use_the_counter(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    response = city.client("outsider").post(
        reverse("cards:redeem"), {"number": c.number, "code": code, "amount": "1", "merchant_ref": "X"}
    )
    assert response.status_code == 404
    assert not Redemption.objects.exists()
