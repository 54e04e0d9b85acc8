"""/api/v1/assistance/cards/ and …/card-types/ (GET): the cards in scope and the city's card types, so an
integrator finds a card's number and a type's id through the API."""

from __future__ import annotations

import pytest

from unionhall.cards.models import CardType
from unionhall.cards.tests.helpers import card
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
CARDS = "/api/v1/assistance/cards/"


def test_the_card_list_holds_the_cards_in_scope_newest_first(city: City) -> None:
    older, _ = card(city, org=city.u1, name="王东东")
    newer, _ = card(city, org=city.u1, name="张东东", type_code="voucher")
    foreign, _ = card(city, org=city.u3, name="李西西")
    body = city.client("cadre_d1").get(CARDS).json()
    assert [c["number"] for c in body["items"]] == [newer.number, older.number]
    assert body["items"][1]["card_type"] == older.card_type.name
    assert [c["number"] for c in city.client("outsider").get(CARDS).json()["items"]] == [foreign.number]
    assert city.client("merchant_d1").get(CARDS).status_code == 404


def test_the_card_list_filters_by_type_status_union_and_number(city: City) -> None:
    living, _ = card(city, org=city.u1)
    voucher, _ = card(city, org=city.u1, type_code="voucher")
    client = city.client("city_admin")
    by_type = client.get(CARDS, {"card_type": voucher.card_type_id}).json()["items"]
    assert [c["number"] for c in by_type] == [voucher.number]
    assert client.get(CARDS, {"status": "frozen"}).json()["count"] == 0
    assert client.get(CARDS, {"org": city.u3.pk}).json()["count"] == 0
    assert [c["number"] for c in client.get(CARDS, {"number": living.number}).json()["items"]] == [living.number]
    assert client.get(CARDS, {"card_type": 999_999}).status_code == 404
    assert city.client("chair_u1").get(CARDS, {"org": city.u3.pk}).status_code == 404


def test_the_card_types_list_gives_the_ids_the_card_list_filters_by(city: City) -> None:
    card(city, org=city.u1)
    body = city.client("chair_u1").get("/api/v1/assistance/card-types/").json()
    assert {t["id"] for t in body["items"]} == set(CardType.objects.values_list("pk", flat=True))
    assert "living" in {t["code"] for t in body["items"]}
    assert city.client("nobody").get("/api/v1/assistance/card-types/").status_code == 404
