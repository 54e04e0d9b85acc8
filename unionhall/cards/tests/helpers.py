"""Shared set-up of the cards tests: the default card types and an issued card with money (the merchant at
D1 with merchant_d1 at its counter is the kit's `merchant_d1`)."""

from __future__ import annotations

import importlib
from typing import Any

from unionhall.cards import services
from unionhall.cards.models import AssistanceCard, CardType
from unionhall.orgs.models import OrgUnit
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import budget_chain, hardship_file


def card_type(code: str = "living") -> CardType:
    """One of the defaults the data migration ships (生活救助卡 at supermarkets; 帮扶消费券 one-off); a
    transactional test's flush removes them, so they are put back from the migration's own list."""
    if not CardType.objects.filter(code=code).exists():
        defaults = importlib.import_module("unionhall.cards.migrations.0004_default_card_types").DEFAULTS
        for c, name, one_off, accepted, months, sort in defaults:
            CardType.objects.get_or_create(
                code=c,
                defaults={
                    "name": name,
                    "one_off": one_off,
                    "accepted_at": accepted,
                    "validity_months": months,
                    "sort": sort,
                },
            )
    return CardType.objects.get(code=code)


def card(
    city: City, *, org: OrgUnit | None = None, balance_fen: int = 100_00, type_code: str = "living", **file_extra: Any
) -> tuple[AssistanceCard, str]:
    """An issued card at `org` (U1 by default) holding `balance_fen`, and its code."""
    unit = org or city.u1
    f = hardship_file(unit, **file_extra)
    c = services.card_issue(actor=SYSTEM, file=f, card_type=card_type(type_code))
    if balance_fen:
        budget = budget_chain(unit, balance_fen)
        services.card_top_up(actor=SYSTEM, card=c, budget=budget, amount_fen=balance_fen)
    c.refresh_from_db()
    c.account.refresh_from_db()
    return c, services.reveal_code(c)
