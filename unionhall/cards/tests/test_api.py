"""The redeem API a merchant's till calls, and its behaviour under concurrency (PostgreSQL)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from unionhall.cards import services
from unionhall.cards.models import Redemption
from unionhall.cards.tests.helpers import card
from unionhall.core.errors import DomainError
from unionhall.funds import ledger
from unionhall.funds.models import Account
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import merchant_d1


def post_redeem(client: Any, number: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        reverse("api:card_redeem", kwargs={"number": number}),
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_the_till_redeems_with_decimal_strings(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, balance_fen=100_00, name="王小明")
    response = post_redeem(
        city.client("merchant_d1"), c.number, {"amount": "12.50", "code": code, "merchant_ref": "P1"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["amount"], body["balance"], body["merchant_ref"], body["holder"]) == ("12.50", "87.50", "P1", "王**")
    assert body["card"] == f"**** {c.number[-4:]}"
    assert body["redemption"] == Redemption.objects.get().pk
    assert body["at"]


def test_the_same_receipt_answers_the_first_redemption_again(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, balance_fen=100_00)
    client = city.client("merchant_d1")
    first = post_redeem(client, c.number, {"amount": "10", "code": code, "merchant_ref": "P1"}).json()
    again = post_redeem(client, c.number, {"amount": "10", "code": code, "merchant_ref": "P1"}).json()
    assert first["redemption"] == again["redemption"] and again["balance"] == "90.00"
    replay = post_redeem(client, c.number, {"amount": "10", "code": code, "merchant_ref": "P2"}, key="k-1")
    repeat = post_redeem(client, c.number, {"amount": "10", "code": code, "merchant_ref": "P2"}, key="k-1")
    assert repeat["Idempotent-Replayed"] == "true" and repeat.json() == replay.json()
    assert Redemption.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (lambda b, c: b | {"amount": "100.01"}, 409, "insufficient_funds"),
        (lambda b, c: b | {"code": "x"}, 400, "wrong_code"),
        (lambda b, c: b | {"amount": "1.001"}, 400, "invalid"),
        (lambda b, c: b | {"merchant_ref": ""}, 400, "invalid"),
    ],
    ids=["more than the balance", "wrong code", "a third decimal", "no receipt number"],
)
def test_refusals_have_stable_codes_and_chinese_messages(
    city: City, change: Callable[[dict[str, Any], Any], dict[str, Any]], status: int, code: str
) -> None:
    merchant_d1(city)
    c, good = card(city, balance_fen=100_00)
    body = change({"amount": "1", "code": good, "merchant_ref": "P1"}, c)
    response = post_redeem(city.client("merchant_d1"), c.number, body)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])


def test_a_locked_card_answers_card_locked_and_a_used_voucher_card_not_usable(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    client = city.client("merchant_d1")
    for n in range(5):
        post_redeem(client, c.number, {"amount": "1", "code": "x", "merchant_ref": f"W{n}"})
    locked = post_redeem(client, c.number, {"amount": "1", "code": code, "merchant_ref": "OK"})
    assert (locked.status_code, locked.json()["code"]) == (423, "card_locked")
    voucher, vcode = card(city, type_code="voucher", balance_fen=20_00)
    assert post_redeem(client, voucher.number, {"amount": "5", "code": vcode, "merchant_ref": "V1"}).status_code == 200
    used = post_redeem(client, voucher.number, {"amount": "5", "code": vcode, "merchant_ref": "V2"})
    assert (used.status_code, used.json()["code"]) == (409, "card_not_usable")


def test_a_card_of_another_district_answers_exactly_like_an_unknown_number(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, org=city.u3)
    client = city.client("merchant_d1")
    foreign = post_redeem(client, c.number, {"amount": "1", "code": code, "merchant_ref": "P1"})
    unknown = post_redeem(client, "6288000000000000", {"amount": "1", "code": code, "merchant_ref": "P1"})
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()
    for outsider in ("outsider", "cadre_d1"):  # nobody but a merchant's cashier redeems
        assert (
            post_redeem(city.client(outsider), c.number, {"amount": "1", "code": code, "merchant_ref": "Q"}).status_code
            == 404
        )


def test_a_card_manager_reads_a_card_by_number(city: City) -> None:
    c, _ = card(city, balance_fen=12_34)
    body = city.client("cadre_t1").get(reverse("api:card_detail", kwargs={"number": c.number})).json()
    assert (body["number"], body["balance"], body["status"]) == (c.number, "12.34", "active")
    assert city.client("outsider").get(reverse("api:card_detail", kwargs={"number": c.number})).status_code == 404


# --- concurrency (PostgreSQL) ---------------------------------------------------------------------


def run_together(n: int, work: Callable[[int], Any]) -> list[Any]:
    """`n` threads, each with its own database connection, released at the same instant."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def ledger_is_consistent() -> None:
    for account in Account.objects.all():
        assert account.balance_fen == ledger.ledger_balance(account), account
        assert account.allow_negative or account.balance_fen >= 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_of_one_card_never_spend_more_than_its_balance() -> None:
    city = build_city()
    merchant_d1(city)
    c, code = card(city, balance_fen=100_00)
    cashier = city.users["merchant_d1"]

    def work(i: int) -> Any:
        return services.card_redeem(actor=cashier, number=c.number, code=code, amount_fen=30_00, merchant_ref=f"C{i}")

    results = run_together(8, work)
    redeemed = [r for r in results if isinstance(r, Redemption)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(redeemed) + len(refused) == 8, results
    assert len(redeemed) == 3
    assert {e.code for e in refused} == {"insufficient_funds"}
    c.account.refresh_from_db()
    assert c.account.balance_fen == 10_00
    assert sum(r.amount_fen for r in Redemption.objects.all()) == 90_00 <= 100_00
    ledger_is_consistent()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_receipt_or_key_sent_concurrently_redeems_once() -> None:
    city = build_city()
    merchant_d1(city)
    c, code = card(city, balance_fen=100_00)
    clients = [city.client("merchant_d1") for _ in range(6)]

    same_ref = run_together(
        6, lambda i: post_redeem(clients[i], c.number, {"amount": "5", "code": code, "merchant_ref": "SAME"})
    )
    assert [r.status_code for r in same_ref] == [200] * 6, same_ref
    assert len({r.json()["redemption"] for r in same_ref}) == 1

    same_key = run_together(
        6, lambda i: post_redeem(clients[i], c.number, {"amount": "7", "code": code, "merchant_ref": "KEYED"}, key="K1")
    )
    assert [r.status_code for r in same_key] == [200] * 6, same_key
    assert len({r.json()["redemption"] for r in same_key}) == 1

    assert Redemption.objects.count() == 2
    c.account.refresh_from_db()
    assert c.account.balance_fen == 100_00 - 5_00 - 7_00
    ledger_is_consistent()
