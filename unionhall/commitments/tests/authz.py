"""Authorization specs of the commitment-card routes, collected by core/tests/test_authorization.py.

A card belongs to its cadre's federation (T1 here): who holds `responsibility.view` over it sees it, as does
the chair of a union in the cadre's area (U1), who alone rates it; who manages responsibility over T1 takes
the steps of its commitments' lives; a federation cadre publishes their own. The public page, opened from the printed card's QR
code, answers everybody (test_public_page.py proves it shows no personal data).
"""

from __future__ import annotations

from typing import Any

from unionhall.commitments.models import TemplateItem
from unionhall.commitments.tests.support import card_of_d2, card_of_t1
from unionhall.tests.authz_support import ACTORS, Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

SEE_CARD = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
MANAGE_CARD = {"city_admin", "cadre_d1", "cadre_t1"}
VIEW_ANYWHERE = SEE_CARD | {"outsider", "chair_u3"}
FEDERATION_CADRES = {"cadre_d1", "cadre_t1", "outsider"}
PUBLIC = dict.fromkeys(ACTORS, 200)
D2_NAMES = ("西区总工会", "西一街道总工会", "outsider")


def cards(city: City) -> dict[str, Any]:
    """cadre_t1's card (T1, rated by U1) and a card of the D2 cadre that no D1 actor may see."""
    card = card_of_t1(city)
    card_of_d2(city)
    return {"card": card}


def on_card(city: City) -> dict[str, Any]:
    return {"pk": cards(city)["card"].pk}


def on_commitment(city: City) -> dict[str, Any]:
    return {"pk": cards(city)["card"].commitments.first().pk}


def on_token(city: City) -> dict[str, Any]:
    return {"token": cards(city)["card"].token}


def everything(city: City) -> dict[str, Any]:
    cards(city)
    return {}


ROUTES: dict[str, Route] = {
    "commitments:cards": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=page_shows_none_of(D2_NAMES)),
    "commitments:cards_export": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=export_shows_none_of(D2_NAMES)),
    "commitments:card_new": Route(everything, statuses(FEDERATION_CADRES)),
    "commitments:card": Route(on_card, statuses(SEE_CARD)),
    "commitments:card_pdf": Route(on_card, statuses(SEE_CARD)),
    "commitments:commitment": Route(on_commitment, statuses(SEE_CARD)),
    # An empty POST of 标记未兑现 re-shows the form with its error; the steps themselves: test_commitment_life.py.
    "commitments:commitment_step": Route(
        lambda c: {**on_commitment(c), "name": "miss"},
        statuses(MANAGE_CARD, in_sight=SEE_CARD),
        methods=("get", "post"),
    ),
    "commitments:commitment_rate": Route(
        on_commitment, statuses({"chair_u1"}, ok=302, in_sight=SEE_CARD), methods=("post",)
    ),
    "commitments:public": Route(on_token, PUBLIC),
    "commitments:template": Route(expect=statuses(VIEW_ANYWHERE)),
    "commitments:template_item": Route(
        lambda c: {"pk": TemplateItem.objects.order_by("id").first().pk},  # type: ignore[union-attr]
        statuses({"city_admin"}, in_sight=VIEW_ANYWHERE),
        methods=("get", "post"),
    ),
}
