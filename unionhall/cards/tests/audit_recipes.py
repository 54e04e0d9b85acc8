"""Audit recipes of the cards services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from unionhall.assistance.models import FileStatus
from unionhall.cards import services
from unionhall.cards.models import CardType, Redemption
from unionhall.cards.tests.helpers import card, card_type
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import budget_chain, hardship_file, merchant, merchant_d1


def _on_card(fn: Callable[[City, Any], Any], *, frozen: bool = False) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        the_card, _ = card(c)
        if frozen:
            services.card_freeze(actor=c.users["cadre_t1"], card=the_card, reason="测试")
        return lambda: fn(c, the_card)

    return recipe


def _top_up(actor: str, amount_fen: int) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        the_card, _ = card(c, balance_fen=0)
        budget = budget_chain(c.t1, 50_00)
        return lambda: services.card_top_up(actor=c.users[actor], card=the_card, budget=budget, amount_fen=amount_fen)

    return recipe


def _redeem(good: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        merchant_d1(c)
        the_card, code = card(c)
        typed = code if good else ("000000" if code != "000000" else "111111")
        return lambda: services.card_redeem(
            actor=c.users["merchant_d1"], number=the_card.number, code=typed, amount_fen=1_00, merchant_ref="R1"
        )

    return recipe


def _settle(actor: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        m = merchant_d1(c)
        the_card, code = card(c)
        last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
        with time_machine.travel(
            datetime(last_month.year, last_month.month, 15, 12, tzinfo=timezone.get_current_timezone())
        ):
            services.card_redeem(
                actor=c.users["merchant_d1"], number=the_card.number, code=code, amount_fen=1_00, merchant_ref="R1"
            )
        assert Redemption.objects.count() == 1
        return lambda: services.settlement_create(actor=c.users[actor], merchant=m, month=last_month)

    return recipe


def _issue(actor: str, status: str = FileStatus.APPROVED) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        f = hardship_file(c.u1, status=status)
        return lambda: services.card_issue(actor=c.users[actor], file=f, card_type=card_type())

    return recipe


def _link(user: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        m = merchant(c, org=c.d1)
        return lambda: services.merchant_user_link(actor=c.users["cadre_d1"], merchant=m, user=c.users[user])

    return recipe


def _update(actor: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        m = merchant(c, org=c.d1)
        return lambda: services.merchant_update(actor=c.users[actor], merchant=m, phone="0512-88886666")

    return recipe


def _type_edit(actor: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        t = CardType.objects.get(code="winter")
        return lambda: services.card_type_save(
            actor=c.users[actor], card_type=t, name=t.name, accepted_at=["supermarket"], validity_months=5
        )

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.cards.services.card_type_save": (_type_edit("city_admin"), _type_edit("cadre_d1")),
    "unionhall.cards.services.merchant_create": (
        lambda c: (
            lambda: services.merchant_create(
                actor=c.users["cadre_d1"], org=c.d1, code="M-NEW", name="东区爱心超市", kind="supermarket"
            )
        ),
        lambda c: (
            lambda: services.merchant_create(
                actor=c.users["reviewer_d1"], org=c.d1, code="M-NEW", name="东区爱心超市", kind="supermarket"
            )
        ),
    ),
    "unionhall.cards.services.merchant_update": (_update("cadre_d1"), _update("outsider")),
    "unionhall.cards.services.merchant_user_link": (_link("nobody"), _link("chair_u1")),
    "unionhall.cards.services.card_issue": (_issue("cadre_t1"), _issue("cadre_t1", FileStatus.SUBMITTED)),
    "unionhall.cards.services.card_top_up": (_top_up("cadre_t1", 10_00), _top_up("cadre_t1", 60_00)),
    "unionhall.cards.services.card_freeze": (
        _on_card(lambda c, x: services.card_freeze(actor=c.users["cadre_t1"], card=x, reason="家属申请")),
        _on_card(lambda c, x: services.card_freeze(actor=c.users["chair_u1"], card=x, reason="家属申请")),
    ),
    "unionhall.cards.services.card_unfreeze": (
        _on_card(lambda c, x: services.card_unfreeze(actor=c.users["cadre_t1"], card=x), frozen=True),
        _on_card(lambda c, x: services.card_unfreeze(actor=c.users["cadre_t1"], card=x)),  # not frozen
    ),
    "unionhall.cards.services.card_reissue": (
        _on_card(lambda c, x: services.card_reissue(actor=c.users["cadre_t1"], card=x, reason="挂失")),
        _on_card(lambda c, x: services.card_reissue(actor=c.users["outsider"], card=x, reason="挂失")),
    ),
    "unionhall.cards.services.card_redeem": (_redeem(good=True), _redeem(good=False)),
    "unionhall.cards.services.settlement_create": (_settle("cadre_d1"), _settle("reviewer_d1")),
}
