"""Builder of a commitment's life for the generic walk of every workflow table (unionhall/workflow/tests):
a commitment of cadre_t1's card in the status asked for; cadre_t1 acts."""

from __future__ import annotations

from typing import Any

from unionhall.commitments.models import Commitment
from unionhall.commitments.tests.support import card_of_t1
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_commitment(c: City, status: str, t: Transition) -> Setup:
    made = card_of_t1(c).commitments.order_by("order").first()
    assert made is not None
    Commitment.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return Setup(obj=made, actor=c.users["cadre_t1"])


BUILDERS: dict[str, Any] = {"commitment": a_commitment}
