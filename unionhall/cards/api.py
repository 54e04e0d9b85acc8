"""/api/v1/assistance/cards/…: a partner merchant's till redeems a card; card managers read one; whoever
reads assistance lists the cards in scope and the city's card types.

Amounts are decimal strings in yuan ("12.50"). A redemption accepts `Idempotency-Key`: a retried request
with the same key replays the first answer; the same `merchant_ref` (the till's receipt number) redeems once
even without the key. Errors: {"code", "message"} in Chinese, with stable codes — `not_found` (unknown card,
or one outside the merchant's area: the two are the same answer), `wrong_code`, `card_locked` (five wrong
codes: 15 minutes), `card_not_usable` (frozen, replaced, used, expired), `card_not_accepted` (not at this
kind of merchant), `insufficient_funds`, `merchant_ref_reused`, `invalid`.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterSchema, Query, Router, Schema

from unionhall.api.errors import ErrorOut
from unionhall.api.fields import MAX_ID
from unionhall.api.pagination import Mapped
from unionhall.api.routes import listed
from unionhall.cards import codes, selectors, services
from unionhall.cards.models import AssistanceCard, CardStatus, CardType, Redemption
from unionhall.core.errors import NotFound
from unionhall.core.money import parse_yuan, yuan
from unionhall.funds.idempotency import idempotent
from unionhall.orgs import access
from unionhall.orgs.access import Cap

router = Router(tags=["四卡一票"])


class RedeemIn(Schema):
    amount: str = Field(description='金额（元），十进制字符串，如 "12.50"', examples=["12.50"])
    code: str = Field(description="持卡人出示的 6 位验证码")
    merchant_ref: str = Field(description="商户流水号（小票号）；同一商户同一流水号只核销一次", max_length=60)


class RedeemOut(Schema):
    redemption: int = Field(description="核销记录编号")
    card: str = Field(description="卡号（遮蔽，仅后四位）")
    holder: str = Field(description="持卡人（仅姓氏，如 王**）")
    amount: str = Field(description="本次核销金额（元）")
    balance: str = Field(description="核销后卡内余额（元）")
    merchant_ref: str
    at: str = Field(description="核销时间（ISO 8601，北京时间）")


class CardOut(Schema):
    id: int
    number: str
    card_type: str
    one_off: bool
    status: str
    status_label: str
    org: str
    file_no: str
    balance: str
    issued_on: str
    valid_until: str


def _redeemed(r: Redemption) -> dict[str, Any]:
    card = r.card
    card.account.refresh_from_db()
    return {
        "redemption": r.pk,
        "card": codes.mask_number(card.number),
        "holder": selectors.holder_shown_to_merchant(card),
        "amount": yuan(r.amount_fen),
        "balance": yuan(card.account.balance_fen),
        "merchant_ref": r.merchant_ref,
        "at": timezone.localtime(r.at).isoformat(),
    }


@router.post(
    "/assistance/cards/{number}/redeem",
    response={200: RedeemOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 423: ErrorOut, 429: ErrorOut},
    summary="核销帮扶卡（爱心商户收银）",
)
@idempotent
def card_redeem(request: HttpRequest, number: str, payload: RedeemIn) -> tuple[int, dict[str, Any]]:
    amount_fen = parse_yuan(payload.amount, field="amount")
    redemption = services.card_redeem(
        actor=request.user,
        number=number,
        code=payload.code,
        amount_fen=amount_fen,
        merchant_ref=payload.merchant_ref,
    )
    return 200, _redeemed(redemption)


def _card(card: AssistanceCard) -> dict[str, Any]:
    return {
        "id": card.pk,
        "number": card.number,
        "card_type": card.card_type.name,
        "one_off": card.card_type.one_off,
        "status": card.status,
        "status_label": card.get_status_display(),
        "org": card.org.code,
        "file_no": card.file.no,
        "balance": yuan(card.account.balance_fen),
        "issued_on": card.issued_on.isoformat(),
        "valid_until": card.valid_until.isoformat(),
    }


@router.get("/assistance/cards/{number}", response=CardOut, summary="查询帮扶卡（发卡管理人员）")
def card_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    card = selectors.card_by_number_for_user_or_404(request.user, codes.normalize_number(number), Cap.CARD_MANAGE)
    return _card(card)


# --- lists: the cards in scope and the city's card types, as on the cards pages ------------------------


class CardTypeOut(Schema):
    id: int
    code: str
    name: str
    one_off: bool = Field(description="一次性票券（核销一次即用完）")
    accepted_at: list[str] = Field(description="可使用的商户类型")
    validity_months: int
    active: bool


@router.get("/assistance/card-types/", response=list[CardTypeOut], summary="卡券类型列表（全市统一设置）")
@listed(Cap.ASSISTANCE_VIEW)
def card_type_list(request: HttpRequest) -> QuerySet[CardType]:
    return selectors.card_types().order_by("sort", "code")


class CardFilterQuery(FilterSchema):
    card_type: int | None = Field(None, ge=1, le=MAX_ID, description="卡券类型 id")
    status: str | None = Field(None, description="/".join(CardStatus.values))
    org: int | None = Field(None, description="工会 id：该工会及其下级发的卡")
    number: str | None = Field(None, description="卡号（前几位）")


@router.get("/assistance/cards/", response=list[CardOut], summary="帮扶卡列表（权限范围内，新的在前）")
@listed(Cap.ASSISTANCE_VIEW)
def card_list(request: HttpRequest, filters: Query[CardFilterQuery]) -> Mapped:
    org = access.org_for_user_or_404(request.user, filters.org, Cap.ASSISTANCE_VIEW) if filters.org else None
    card_type = None
    if filters.card_type is not None:
        card_type = CardType.objects.filter(pk=filters.card_type).first()
        if card_type is None:
            raise NotFound()
    found = selectors.card_list(
        request.user,
        selectors.CardFilters(card_type=card_type, status=filters.status or "", org=org, number=filters.number or ""),
    )
    return Mapped(found, _card)
