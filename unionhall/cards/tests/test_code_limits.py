"""Finding 5 of issue 12 at the merchant's counter: wrong card codes are counted before the code is
compared, so parallel guesses cannot pass the card's limit, and one address may send only so many wrong
codes an hour across all cards."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from unionhall.cards import codes, services
from unionhall.cards.tests.helpers import card
from unionhall.core import request_context
from unionhall.core.errors import DomainError
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City, build_city
from unionhall.tests.concurrency import run_together
from unionhall.tests.factories import merchant_d1

TILL, ELSEWHERE = "198.51.100.30", "198.51.100.31"


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def redeem_from(client: Any, address: str, number: str, code: str, ref: str) -> Any:
    return client.post(
        reverse("api:card_redeem", kwargs={"number": number}),
        data=json.dumps({"amount": "1", "code": code, "merchant_ref": ref}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_an_address_that_sends_too_many_wrong_card_codes_is_refused_for_any_card(city: City) -> None:
    merchant_d1(city)
    client = city.client("merchant_d1")
    per_card = services.MAX_WRONG_CODES
    sent = 0
    while sent < services.CODE_FAILURES_PER_ADDRESS_PER_HOUR:
        c, code = card(city)
        for _ in range(min(per_card, services.CODE_FAILURES_PER_ADDRESS_PER_HOUR - sent)):
            answer = redeem_from(client, TILL, c.number, wrong(code), f"W{sent}")
            assert answer.json()["code"] in {"wrong_code", "card_locked"}
            sent += 1
    fresh, code = card(city)
    refused = redeem_from(client, TILL, fresh.number, code, "R1")
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many_wrong_codes")
    assert "此网络" in refused.json()["message"]
    event = AuditEvent.objects.filter(action="card.redeem").latest("id")
    assert event.success is False and event.reason.startswith("too_many_wrong_codes")
    assert redeem_from(client, ELSEWHERE, fresh.number, code, "R1").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_wrong_card_codes_evaluate_at_most_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    city = build_city()
    merchant_d1(city)
    c, code = card(city)
    cashier = city.users["merchant_d1"]
    compared: list[str] = []
    real = codes.code_matches

    def counting(typed: str, stored: str) -> bool:
        compared.append(typed)  # list.append is atomic under the GIL
        return real(typed, stored)

    monkeypatch.setattr(codes, "code_matches", counting)

    def redeem(i: int) -> Callable[[], None]:
        def job() -> None:
            request_context.client_address.set(TILL)
            services.card_redeem(
                actor=cashier, number=c.number, code=wrong(code), amount_fen=1_00, merchant_ref=f"W{i}"
            )

        return job

    results = run_together([redeem(i) for i in range(50)])
    assert len(results) == 50
    assert len(compared) == services.MAX_WRONG_CODES, Counter(results)
    assert set(results) <= {"wrong_code", "card_locked"}, Counter(results)
    assert AuditEvent.objects.filter(action="card.redeem", success=False).count() == 50


def test_the_card_page_shows_the_lock_and_unfreezing_lifts_it(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    for n in range(services.MAX_WRONG_CODES):
        with pytest.raises(DomainError):
            services.card_redeem(
                actor=city.users["merchant_d1"],
                number=c.number,
                code=wrong(code),
                amount_fen=1_00,
                merchant_ref=f"W{n}",
            )
    page = city.client("cadre_t1").get(reverse("cards:detail", args=[c.pk]))
    assert "核销锁定" in page.content.decode()
    assert city.client("outsider").get(reverse("cards:detail", args=[c.pk])).status_code == 404
    services.card_freeze(actor=city.users["cadre_t1"], card=c, reason="持卡人申请")
    services.card_unfreeze(actor=city.users["cadre_t1"], card=c)
    assert "核销锁定" not in city.client("cadre_t1").get(reverse("cards:detail", args=[c.pk])).content.decode()
    assert services.card_redeem(
        actor=city.users["merchant_d1"], number=c.number, code=code, amount_fen=1_00, merchant_ref="OK"
    )
