"""Shared set-up of the cards tests: a merchant at D1 with merchant_d1 at its counter, a card with money."""

from __future__ import annotations

import importlib
import itertools
from typing import Any

from conftest import City
from unionhall.assistance.tests.factories import budget_chain, hardship_file
from unionhall.cards import services
from unionhall.cards.models import AssistanceCard, CardType, MerchantKind, PartnerMerchant
from unionhall.core.tests.audit_support import SYSTEM
from unionhall.orgs.models import OrgUnit

_serial = itertools.count(1)


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


def merchant(
    city: City, *, org: OrgUnit | None = None, kind: str = MerchantKind.SUPERMARKET, user: str | None = None
) -> PartnerMerchant:
    n = next(_serial)
    m = services.merchant_create(actor=SYSTEM, org=org or city.d1, code=f"M{n:04d}", name=f"爱心超市{n}号", kind=kind)
    if user is not None:
        services.merchant_user_link(actor=SYSTEM, merchant=m, user=city.users[user])
    return m


def merchant_d1(city: City) -> PartnerMerchant:
    """The D1 supermarket with merchant_d1 at its counter (created once per city)."""
    existing = PartnerMerchant.objects.filter(users=city.users["merchant_d1"]).first()
    return existing or merchant(city, org=city.d1, user="merchant_d1")


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
