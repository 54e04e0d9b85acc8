"""Audit recipes of the commitment-card services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone

from unionhall.commitments import services
from unionhall.commitments.models import Commitment, Status, TemplateItem
from unionhall.commitments.tests.support import card_of_t1
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _on_commitment(fn: Callable[[City, Commitment], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        commitment = card_of_t1(c).commitments.first()
        return lambda: fn(c, commitment)  # type: ignore[arg-type]

    return recipe


def _publish(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        year = timezone.localdate().year
        own = [services.Own("每月接待职工来访", date(year, 12, 31))]
        return lambda: services.commitment_card_publish(
            actor=c.users[who], cadre=c.users["cadre_t1"], year=year, own=own
        )

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.commitments.services.commitment_card_publish": (_publish("cadre_t1"), _publish("reviewer_d1")),
    "unionhall.commitments.services.commitment_fulfil": (
        _on_commitment(lambda c, x: services.commitment_fulfil(actor=c.users["cadre_t1"], commitment=x)),
        _on_commitment(lambda c, x: services.commitment_fulfil(actor=c.users["chair_u1"], commitment=x)),
    ),
    "unionhall.commitments.services.commitment_miss": (
        _on_commitment(
            lambda c, x: services.commitment_miss(actor=c.users["cadre_t1"], commitment=x, reason="经费未落实")
        ),
        _on_commitment(lambda c, x: services.commitment_miss(actor=c.users["cadre_t1"], commitment=x, reason="")),
    ),
    "unionhall.commitments.services.commitment_reopen": (
        _on_commitment(lambda c, x: _reopen(c, x, "cadre_t1")),
        _on_commitment(lambda c, x: _reopen(c, x, "outsider")),
    ),
    "unionhall.commitments.services.commitment_rate": (
        _on_commitment(
            lambda c, x: services.commitment_rate(actor=c.users["chair_u1"], commitment=x, unit=c.u1, score=5)
        ),
        _on_commitment(
            lambda c, x: services.commitment_rate(actor=c.users["chair_u3"], commitment=x, unit=c.u3, score=5)
        ),
    ),
    "unionhall.commitments.services.commitment_card_print": (
        _on_commitment(lambda c, x: services.commitment_card_print(actor=c.users["cadre_t1"], card=x.card)),
        _on_commitment(lambda c, x: services.commitment_card_print(actor=c.users["outsider"], card=x.card)),
    ),
    "unionhall.commitments.services.template_item_create": (
        lambda c: lambda: services.template_item_create(actor=c.users["city_admin"], group="style", text="多学习业务"),
        lambda c: lambda: services.template_item_create(actor=c.users["cadre_d1"], group="style", text="多学习业务"),
    ),
    "unionhall.commitments.services.template_item_update": (
        lambda c: (
            lambda: services.template_item_update(
                actor=c.users["city_admin"], item=_first_item(), text="多深入基层、少坐机关", order=1, active=True
            )
        ),
        lambda c: (
            lambda: services.template_item_update(
                actor=c.users["city_admin"], item=_first_item(), text="", order=1, active=True
            )
        ),
    ),
}


def _first_item() -> TemplateItem:
    return TemplateItem.objects.order_by("id").first()  # type: ignore[return-value]


def _reopen(c: City, commitment: Commitment, who: str) -> Commitment:
    Commitment.objects.filter(pk=commitment.pk).update(status=Status.FULFILLED)
    return services.commitment_reopen(actor=c.users[who], commitment=commitment, reason="兑现情况登记有误")
