"""Authorization specs of the cards routes, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1 and §3.3: everyone who reads archives (city admin, reviewers, federation cadres,
grassroots staff) reads cards in their subtree; upper federations (city admin, cadres) issue, top up,
freeze and reissue; who reads funds sees merchants and settlements, who manages funds contracts merchants
and settles; the city (PROGRAMME_CONFIG at the root) sets card types. A merchant's cashier reaches only the
counter pages — and every other actor gets 404 there. The target card lies in U1, the merchant at D1.
"""

from __future__ import annotations

import io
from typing import Any

from python_calamine import CalamineWorkbook

from unionhall.cards import services
from unionhall.cards.models import AssistanceCard, PartnerMerchant
from unionhall.cards.tests.helpers import card, card_type
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file, merchant_d1

SEE_CARDS_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
SEE_CARD_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
MANAGE_CARD_U1 = {"city_admin", "cadre_d1", "cadre_t1"}
FUNDS_ANYWHERE = SEE_CARDS_ANYWHERE
MANAGE_FUNDS_ANYWHERE = {"city_admin", "cadre_d1", "cadre_t1", "outsider"}
SEE_MERCHANT_D1 = {"city_admin", "reviewer_d1", "cadre_d1"}
MANAGE_MERCHANT_D1 = {"city_admin", "cadre_d1"}
CITY = {"city_admin"}
COUNTER = {"merchant_d1"}
D2_MARKERS = ("西区", "西方纺织", "D2-T1-U1", "西区爱心")


def cards(city: City) -> dict[str, Any]:
    """A D1 merchant with merchant_d1 at its counter, a U1 card with money (its code kept on the city for
    the API body), a card in U3 that no D1 actor may see, and a redemption of each."""
    merchant_d1(city)
    own, code = card(city, org=city.u1, balance_fen=100_00, name="王东东")
    card(city, org=city.u3, balance_fen=100_00, name="李西西")
    services.card_redeem(
        actor=city.users["merchant_d1"], number=own.number, code=code, amount_fen=1_00, merchant_ref="T1"
    )
    city.card_code = code  # type: ignore[attr-defined]
    city.card_number = own.number  # type: ignore[attr-defined]
    return {}


def u1_card(city: City) -> dict[str, Any]:
    cards(city)
    return {"pk": AssistanceCard.objects.get(number=city.card_number).pk}  # type: ignore[attr-defined]


def u1_frozen_card(city: City) -> dict[str, Any]:
    kwargs = u1_card(city)
    AssistanceCard.objects.filter(pk=kwargs["pk"]).update(status="frozen", freeze_reason="测试")
    return kwargs


def u1_file(city: City) -> dict[str, Any]:
    return {"file_pk": hardship_file(city.u1).pk}


def a_type(city: City) -> dict[str, Any]:
    return {"pk": card_type("living").pk}


def the_merchant(city: City) -> dict[str, Any]:
    cards(city)
    return {"pk": PartnerMerchant.objects.get(users=city.users["merchant_d1"]).pk}


def number(city: City) -> dict[str, Any]:
    u1_card(city)
    return {"number": city.card_number}  # type: ignore[attr-defined]


def page_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    assert "王东东" in text or "帮扶卡" in text
    for marker in ("李西西", *D2_MARKERS):
        assert marker not in text, f"{marker} leaked"


def export_has_no_d2_rows(city: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert "王东东" in cells
    assert "李西西" not in cells


def api_has_no_d2_cards(city: City, response: Any) -> None:
    numbers = {item["number"] for item in response.json()["items"]}
    assert city.card_number in numbers  # type: ignore[attr-defined]
    assert numbers == set(
        AssistanceCard.objects.filter(org__path__startswith=city.d1.path).values_list("number", flat=True)
    )


def redeem_body(city: City) -> dict[str, Any]:
    return {"amount": "2.50", "code": getattr(city, "card_code", "000000"), "merchant_ref": "API-1"}


ROUTES: dict[str, Route] = {
    "cards:list": Route(cards, statuses(SEE_CARDS_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "cards:export": Route(cards, statuses(SEE_CARDS_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "cards:detail": Route(u1_card, statuses(SEE_CARD_U1)),
    # Empty forms: a manager sees the card page again with the errors; a reissue needs no input.
    "cards:top_up": Route(u1_card, statuses(MANAGE_CARD_U1, in_sight=SEE_CARD_U1), methods=("post",)),
    "cards:freeze": Route(u1_card, statuses(MANAGE_CARD_U1, in_sight=SEE_CARD_U1), methods=("post",)),
    "cards:unfreeze": Route(u1_frozen_card, statuses(MANAGE_CARD_U1, ok=302, in_sight=SEE_CARD_U1), methods=("post",)),
    "cards:reissue": Route(u1_card, statuses(MANAGE_CARD_U1, ok=302, in_sight=SEE_CARD_U1), methods=("post",)),
    "cards:issue": Route(u1_file, statuses(MANAGE_CARD_U1, in_sight=SEE_CARD_U1), methods=("get", "post")),
    "cards:types": Route(expect=statuses(SEE_CARDS_ANYWHERE)),
    "cards:type_create": Route(expect=statuses(CITY), methods=("get", "post")),
    "cards:type_edit": Route(a_type, statuses(CITY), methods=("get", "post")),
    "cards:merchants": Route(cards, statuses(FUNDS_ANYWHERE)),
    "cards:merchant_create": Route(expect=statuses(MANAGE_FUNDS_ANYWHERE), methods=("get", "post")),
    "cards:merchant": Route(the_merchant, statuses(SEE_MERCHANT_D1)),
    "cards:merchant_edit": Route(
        the_merchant, statuses(MANAGE_MERCHANT_D1, in_sight=SEE_MERCHANT_D1), methods=("get", "post")
    ),
    "cards:merchant_link": Route(
        the_merchant, statuses(MANAGE_MERCHANT_D1, in_sight=SEE_MERCHANT_D1), methods=("get", "post")
    ),
    "cards:settlements": Route(cards, statuses(FUNDS_ANYWHERE)),
    "cards:settlement_create": Route(cards, statuses(MANAGE_FUNDS_ANYWHERE), methods=("post",)),
    # The counter: merchant_d1's only pages, 404 for everyone else.
    "cards:redeem": Route(cards, statuses(COUNTER), methods=("get", "post")),
    "cards:my_redemptions": Route(cards, statuses(COUNTER)),
    "cards:my_redemptions_export": Route(cards, statuses(COUNTER)),
    "cards:my_settlements": Route(cards, statuses(COUNTER)),
    "api:card_redeem": Route(number, statuses(COUNTER, anon=401), methods=("post",), body=redeem_body),
    "api:card_detail": Route(number, statuses(MANAGE_CARD_U1, anon=401)),
    "api:card_list": Route(cards, statuses(SEE_CARDS_ANYWHERE, anon=401), no_foreign=api_has_no_d2_cards),
    # The city's card types, one list for whoever reads cards anywhere (as the types page).
    "api:card_type_list": Route(lambda c: (a_type(c), {})[1], statuses(SEE_CARDS_ANYWHERE, anon=401)),
}
