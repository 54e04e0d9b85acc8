"""The electronic member card's signed token: its QR code opens members:verify, which shows nothing private."""

from __future__ import annotations

from django.core import signing

from unionhall.members.models import Membership

CARD_SALT = "unionhall.members.card"


def card_token(membership: Membership) -> str:
    return signing.dumps({"m": membership.pk, "n": membership.member_no}, salt=CARD_SALT, compress=True)
