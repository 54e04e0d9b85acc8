"""Builder of the card's life for the generic walk of every workflow table (unionhall/workflow/tests):
a card issued to an approved archive at U1, put in the status asked for; the street's cadre (card.manage
over U1) takes every step."""

from __future__ import annotations

from typing import Any

from unionhall.cards.models import AssistanceCard
from unionhall.cards.tests.helpers import card
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_card(c: City, status: str, t: Transition) -> Setup:
    the_card, _ = card(c)
    AssistanceCard.objects.filter(pk=the_card.pk).update(status=status)
    the_card.refresh_from_db()
    return Setup(obj=the_card, actor=c.users["cadre_t1"])


BUILDERS: dict[str, Any] = {"card": a_card}
