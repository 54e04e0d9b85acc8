"""Writes of 四卡一票 (PRODUCT.md §3.3): card types, partner merchants, cards, redemptions, settlements.

Each function is one business action: keyword-only, actor first, permission through access.py, one audit
event, and money only through `funds.ledger.post`. A card's balance is its ledger account's balance.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from unionhall.assistance.models import FileStatus, HardshipFile
from unionhall.cards import codes, selectors, workflow
from unionhall.cards.models import (
    AssistanceCard,
    CardStatus,
    CardType,
    MerchantKind,
    PartnerMerchant,
    Redemption,
    Settlement,
)
from unionhall.core import attempts, request_context
from unionhall.core.actors import Actor, user_of
from unionhall.core.attempts import Rule
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, DomainError, NotFound, ValidationError
from unionhall.core.money import MAX_FEN, yuan_display
from unionhall.core.rows import create_unique, only_editable, save_values
from unionhall.funds import budgets, ledger
from unionhall.funds.ledger import InsufficientFunds
from unionhall.funds.models import AccountKind, Budget, JournalKind
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Grant, OrgStatus, OrgUnit, Role
from unionhall.orgs.selectors import require_at_city_root
from unionhall.workcalendar.workdays import add_months, month_bounds
from unionhall.workflow import kernel

MAX_WRONG_CODES = 5
LOCKOUT = timedelta(minutes=15)
CODE_FAILURES_PER_ADDRESS_PER_HOUR = 30
# Wrong codes per card (the card locks for everyone: its holder is not the one typing), and per address
# across all cards (a till trying codes on many cards); both claimed before the code is compared.
CARD_CODES = Rule("card_code.card", MAX_WRONG_CODES, LOCKOUT, LOCKOUT)
ADDRESS_CODES = Rule(
    "card_code.address",
    CODE_FAILURES_PER_ADDRESS_PER_HOUR,
    timedelta(hours=1),
    timedelta(hours=1),
    reset_on_success=False,
)


class WrongCode(ValidationError, code="wrong_code", message="验证码错误。"):
    """A wrong code at the counter; the message says how many tries are left."""


class CardLocked(Conflict, code="card_locked", status=423, message="验证码错误次数过多，该卡暂停核销 15 分钟。"):
    """Too many wrong codes on this card: it is locked for everyone until the lock runs out."""


class TooManyWrongCodes(
    DomainError,
    code="too_many_wrong_codes",
    status=429,
    message="此网络验证码错误次数过多，核销已暂停 1 小时，请稍后再试。",
):
    """Too many wrong codes from this address, whichever cards they were for."""


class CardNotUsable(Conflict, code="card_not_usable", message="该卡当前不能使用。"):
    """Frozen, replaced, used up or out of its validity."""


class CardNotAccepted(Conflict, code="card_not_accepted", message="该类卡券不能在本商户使用。"):
    """The card's type is not for this kind of merchant."""


class ReceiptReused(Conflict, code="merchant_ref_reused", message="该商户流水号已用于另一笔核销。"):
    """The merchant's receipt number already stands for another redemption."""


# --- card types (the city) ------------------------------------------------------------------------

CARD_TYPE_FIELDS = ("name", "one_off", "accepted_at", "validity_months", "active")


def _text(values: dict[str, Any], errors: dict[str, list[str]], field: str, limit: int, *, missing: str = "") -> None:
    """values[field] as stripped text, refused when longer than `limit` or, with a `missing` message, empty."""
    text = values[field] = str(values.get(field) or "").strip()
    if missing and not text:
        errors[field] = [missing]
    elif len(text) > limit:
        errors[field] = [f"{_LABELS[field]}最多 {limit} 个字。"]


_LABELS = {"name": "名称", "address": "地址", "contact": "联系人"}


def _new_code(model: type[CardType] | type[PartnerMerchant], code: str, label: str) -> str:
    """A new card type's or merchant's code: required, at most 30 characters, not yet used."""
    code = (code or "").strip()
    if not code or len(code) > 30:
        raise ValidationError(field_errors={"code": [f"请填写{label}（最多 30 个字符）。"]})
    if model.objects.filter(code=code).exists():
        raise ValidationError(field_errors={"code": [f"该{label}已被使用。"]})
    return code


def _validate_card_type(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    _text(values, errors, "name", 60, missing="请填写卡券名称。")
    kinds = list(dict.fromkeys(values.get("accepted_at") or []))
    if not kinds:
        errors["accepted_at"] = ["请至少选择一种可使用的商户类型。"]
    elif any(k not in MerchantKind.values for k in kinds):
        errors["accepted_at"] = ["商户类型不正确。"]
    values["accepted_at"] = kinds
    months = values.get("validity_months")
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
        errors["validity_months"] = ["有效期须为 1 至 120 个月。"]
    values["one_off"] = bool(values.get("one_off"))
    values["active"] = bool(values.get("active", True))
    if errors:
        raise ValidationError(field_errors=errors)
    return values


def card_type_save(
    *,
    actor: Actor,
    card_type: CardType | None = None,
    code: str = "",
    name: str,
    one_off: bool = False,
    accepted_at: list[str],
    validity_months: int = 12,
    active: bool = True,
) -> CardType:
    """Create (card_type=None, with a new `code`) or edit a card type; the city's setting, held at the root."""
    with audited(actor=actor, action="card_type.save", obj=card_type) as event:
        require_at_city_root(actor, Cap.PROGRAMME_CONFIG, event)
        values = _validate_card_type(
            {
                "name": name,
                "one_off": one_off,
                "accepted_at": accepted_at,
                "validity_months": validity_months,
                "active": active,
            }
        )
        if card_type is None:
            code = _new_code(CardType, code, "编码")
            if CardType.objects.filter(name=values["name"]).exists():
                raise ValidationError(field_errors={"name": ["已有同名的卡券类型。"]})
            sort = (CardType.objects.order_by("-sort").values_list("sort", flat=True).first() or 0) + 10
            card_type = CardType.objects.create(code=code, sort=sort, **values)
            event.changes = {"created": values | {"code": code}}
        else:
            card_type = CardType.objects.select_for_update().get(pk=card_type.pk)
            if CardType.objects.filter(name=values["name"]).exclude(pk=card_type.pk).exists():
                raise ValidationError(field_errors={"name": ["已有同名的卡券类型。"]})
            if card_type.one_off != values["one_off"] and card_type.cards.exists():
                raise ValidationError(field_errors={"one_off": ["已发放过的卡券类型不能改变是否一次性。"]})
            event.changes = save_values(card_type, values)
        event.target(card_type)
    return card_type


# --- partner merchants ----------------------------------------------------------------------------

MERCHANT_FIELDS = ("name", "kind", "address", "contact", "phone", "active")


def _validate_merchant(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    _text(values, errors, "name", 100, missing="请填写商户名称。")
    if values.get("kind") not in MerchantKind.values:
        errors["kind"] = ["请选择商户类型。"]
    _text(values, errors, "address", 200)
    _text(values, errors, "contact", 50)
    values["phone"] = str(values.get("phone") or "").strip()
    if values["phone"] and (len(values["phone"]) > 20 or not values["phone"].replace("-", "").isdigit()):
        errors["phone"] = ["联系电话只能包含数字和“-”。"]
    values["active"] = bool(values.get("active", True))
    if errors:
        raise ValidationError(field_errors=errors)
    return values


def merchant_create(
    *,
    actor: Actor,
    org: OrgUnit,
    code: str,
    name: str,
    kind: str,
    address: str = "",
    contact: str = "",
    phone: str = "",
) -> PartnerMerchant:
    """Contract a partner merchant at `org`; opens its MERCHANT account (what it is owed) and its SETTLED one."""
    with audited(actor=actor, action="merchant.create", org=org) as event:
        access.require(actor, Cap.FUNDS_MANAGE, org, obj=org)
        if org.status != OrgStatus.ACTIVE:
            raise Conflict("已合并或撤销的组织不能签约商户。")
        values = _validate_merchant(
            {"name": name, "kind": kind, "address": address, "contact": contact, "phone": phone, "active": True}
        )
        code = _new_code(PartnerMerchant, code, "商户编号")
        merchant = PartnerMerchant.objects.create(
            code=code,
            org=org,
            account=ledger.open_account(AccountKind.MERCHANT, f"应付商户 {values['name']}"),
            settled_account=ledger.open_account(AccountKind.SETTLED, f"已结算 {values['name']}"),
            **values,
        )
        event.target(merchant)
        event.changes = {"created": values | {"code": code, "org": org.code}}
    return merchant


def merchant_update(*, actor: Actor, merchant: PartnerMerchant, **fields: Any) -> PartnerMerchant:
    """Edit a merchant's details or end the partnership (`active=False`); the contracting union stays."""
    with audited(actor=actor, action="merchant.update", org=merchant.org, obj=merchant) as event:
        access.require(actor, Cap.FUNDS_MANAGE, merchant.org, obj=merchant)
        only_editable(fields, MERCHANT_FIELDS)
        merchant = PartnerMerchant.objects.select_for_update().get(pk=merchant.pk)
        values = _validate_merchant({f: getattr(merchant, f) for f in MERCHANT_FIELDS} | fields)
        event.changes = save_values(merchant, values)
    return merchant


def merchant_user_link(*, actor: Actor, merchant: PartnerMerchant, user: Any) -> PartnerMerchant:
    """Let `user` redeem at `merchant`: a MERCHANT grant at the merchant's union (created if missing) and a
    place among the merchant's users. A merchant account holds nothing else: a user with another role is
    refused, so no cadre's login becomes a cash register."""
    with audited(actor=actor, action="merchant.user_link", org=merchant.org, obj=merchant) as event:
        access.require(actor, Cap.FUNDS_MANAGE, merchant.org, obj=merchant)
        if not merchant.active:
            raise Conflict("该商户已终止合作。")
        if not getattr(user, "is_active", False):
            raise ValidationError(field_errors={"user": ["该账号已停用。"]})
        if Grant.objects.filter(user=user).exclude(role=Role.MERCHANT).exists():
            raise ValidationError(field_errors={"user": ["该账号已有其他角色；商户收银账号只能用于核销，请另建账号。"]})
        _, created = Grant.objects.get_or_create(user=user, role=Role.MERCHANT, org=merchant.org)
        merchant.users.add(user)
        if hasattr(user, "_unionhall_grants"):
            del user._unionhall_grants
        event.changes = {"user": user.get_username(), "grant_created": created}
    return merchant


# --- cards ----------------------------------------------------------------------------------------


def _new_card(
    *, actor: Actor, file: HardshipFile, card_type: CardType, issued_on: date, valid_until: date, replaces: Any = None
) -> tuple[AssistanceCard, str]:
    code = codes.new_code()
    for _ in range(10):
        number = codes.new_number()
        if not AssistanceCard.objects.filter(number=number).exists():
            break
    else:  # pragma: no cover - 10^11 numbers
        raise Conflict("未能生成卡号，请重试。")
    account = ledger.open_account(AccountKind.CARD, f"{card_type.name} {number}")
    card = create_unique(
        AssistanceCard,
        Conflict(f"该档案已有一张在用的「{card_type.name}」。"),
        number=number,
        card_type=card_type,
        file=file,
        org=file.org,
        account=account,
        issued_on=issued_on,
        valid_until=valid_until,
        code_hash=codes.hash_code(code),
        code_enc=codes.encrypt_code(code),
        replaces=replaces,
        issued_by=user_of(actor),
    )
    return card, code


def card_issue(
    *, actor: Actor, file: HardshipFile, card_type: CardType, issued_on: date | None = None
) -> AssistanceCard:
    """Issue a card of `card_type` to an approved archive: a new 16-digit number (Luhn) and a 6-digit code,
    valid for the type's months. One card in use per type per archive. The holder reads the code in the
    portal (`reveal_code`)."""
    with audited(actor=actor, action="card.issue", org=file.org, obj=file) as event:
        access.require(actor, Cap.CARD_MANAGE, file.org, obj=file)
        file = HardshipFile.objects.select_for_update().get(pk=file.pk)
        if file.status != FileStatus.APPROVED:
            raise Conflict("只有已建档的困难档案才能发卡。")
        if not card_type.active:
            raise ValidationError(field_errors={"card_type": ["该卡券类型已停用。"]})
        if AssistanceCard.objects.filter(
            file=file, card_type=card_type, status__in=[CardStatus.ACTIVE, CardStatus.FROZEN]
        ).exists():
            raise Conflict(f"该档案已有一张在用的「{card_type.name}」。")
        issued_on = issued_on or timezone.localdate()
        card, _ = _new_card(
            actor=actor,
            file=file,
            card_type=card_type,
            issued_on=issued_on,
            valid_until=add_months(issued_on, card_type.validity_months),
        )
        event.target(card, org=file.org)
        event.changes = {"file": file.no, "card_type": card_type.code, "valid_until": str(card.valid_until)}
    return card


def reveal_code(card: AssistanceCard) -> str:
    """The card's verification code in clear: for the holder's own portal page and the issuing desk only."""
    return codes.reveal_code(card.code_enc)


def _lock_card(card: AssistanceCard) -> AssistanceCard:
    return workflow.lock(card)


def card_top_up(
    *, actor: Actor, card: AssistanceCard, budget: Budget, amount_fen: int, memo: str = ""
) -> AssistanceCard:
    """Put money from a budget on a card: a TOP_UP journal budget → card, and the budget's `spent` grows by
    the same amount in the same transaction under the budget's row lock, so amount − allocated − spent
    stays equal to the budget account's balance."""
    with audited(actor=actor, action="card.top_up", org=card.org, obj=card) as event:
        access.require(actor, Cap.CARD_MANAGE, card.org, obj=card)
        budget = budgets.lock(budget)[budget.pk]
        access.require(actor, Cap.FUNDS_MANAGE, budget.org, obj=budget)
        card = _lock_card(card)
        if not card.org.path.startswith(budget.org.path):
            raise ValidationError(field_errors={"budget": ["只能使用本级或上级工会的预算为该卡充值。"]})
        if not budget.fund.active:
            raise ValidationError(field_errors={"budget": ["该资金已停用。"]})
        if card.status != CardStatus.ACTIVE:
            raise CardNotUsable(f"该卡{card.get_status_display()}，不能充值。")
        if card.valid_until < timezone.localdate():
            raise CardNotUsable("该卡已过有效期，不能充值。")
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or not 0 < amount_fen <= MAX_FEN:
            raise ValidationError(field_errors={"amount": ["充值金额必须大于零且不超过 1000 万元。"]})
        journal = budgets.spend(
            budget,
            card.account,
            amount_fen,
            kind=JournalKind.TOP_UP,
            memo=memo or f"充值 {card.card_type.name} {card.number}",
            org=card.org,
            actor=actor,
        )
        event.changes = {
            "amount_fen": amount_fen,
            "budget": budget.pk,
            "journal": journal.pk,
            "balance_fen": card.account.balance_fen,
        }
    return card


def card_freeze(*, actor: Actor, card: AssistanceCard, reason: str) -> AssistanceCard:
    return kernel.run(workflow.TABLE, "freeze", actor=actor, obj=card, reason=reason)


def card_unfreeze(*, actor: Actor, card: AssistanceCard) -> AssistanceCard:
    with audited(actor=actor, action="card.unfreeze", org=card.org, obj=card) as event:
        card = kernel.run(workflow.TABLE, "unfreeze", actor=actor, obj=card, event=event)
        attempts.reset(CARD_CODES, card.number)  # unfreezing also lifts a lock after wrong codes
    return card


def card_reissue(*, actor: Actor, card: AssistanceCard, reason: str = "") -> AssistanceCard:
    """补卡 for a lost card: the old card becomes REPLACED and can no longer be used; a new card of the same
    type for the same archive, with a new number and code and the old card's validity, receives the whole
    balance through one CARRY_OVER journal."""
    with audited(actor=actor, action="card.reissue", org=card.org, obj=card) as event:
        old = kernel.run(workflow.TABLE, "reissue", actor=actor, obj=card, reason=reason, event=event)
        new, _ = _new_card(
            actor=actor,
            file=old.file,
            card_type=old.card_type,
            issued_on=timezone.localdate(),
            valid_until=old.valid_until,
            replaces=old,
        )
        balance = old.account.balance_fen
        journal = None
        if balance > 0:
            journal = ledger.post(
                JournalKind.CARRY_OVER,
                [(old.account, -balance), (new.account, balance)],
                memo=f"补卡 {old.number} → {new.number}",
                org=old.org,
                actor=actor,
            )
        event.target(new, org=old.org)
        event.changes = {
            "old": old.number,
            "new": new.number,
            "balance_fen": balance,
            "journal": journal.pk if journal else None,
            "reason": old.freeze_reason,
        }
    return new


# --- redemption at the counter ----------------------------------------------------------------------


def _merchant_for(actor: Actor, merchant: PartnerMerchant | None) -> PartnerMerchant:
    mine = selectors.merchants_of(actor)
    if merchant is None:
        if len(mine) == 1:
            return mine[0]
        if not mine:
            raise NotFound()
        raise ValidationError(field_errors={"merchant": ["请选择核销的商户。"]})
    for m in mine:
        if m.pk == merchant.pk:
            return m
    raise NotFound()


def card_redeem(
    *,
    actor: Actor,
    number: str,
    code: str,
    amount_fen: int,
    merchant_ref: str,
    merchant: PartnerMerchant | None = None,
) -> Redemption:
    """A merchant's cashier redeems `amount_fen` from a card.

    The card must lie in the merchant grant's subtree (otherwise: not found, like an unknown number), be
    in use and within its validity, and be of a type accepted at this kind of merchant. The code is
    checked in constant time, after an attempt is claimed for the card and for the client address
    (core/attempts.py; claimed before the audited block, whose rollback must not undo it): five wrong
    codes lock the card's redemption for 15 minutes, and an address sending too many wrong codes an hour
    is refused for any card. The card row is locked for the whole action, so concurrent redemptions of
    one card never spend more than its balance. A repeat of the same `merchant_ref` at the same merchant
    returns the first redemption.
    """
    limits = [(CARD_CODES, codes.normalize_number(number))]
    address = request_context.client_address.get()
    if address:
        limits.append((ADDRESS_CODES, address))
    claim = attempts.claim(*limits)
    compared: list[bool] = []  # whether the code was compared, and matched
    try:
        redemption = _redeem(actor, number, code, amount_fen, merchant_ref, merchant, claim, compared)
    except BaseException:
        if compared and not compared[0]:
            claim.failed()
        elif compared:
            claim.succeeded()  # the right code, refused for another reason (balance, status)
        else:
            claim.released()
        raise
    claim.succeeded()
    return redemption


def _redeem(
    actor: Actor,
    number: str,
    code: str,
    amount_fen: int,
    merchant_ref: str,
    merchant: PartnerMerchant | None,
    claim: attempts.Claim,
    compared: list[bool],
) -> Redemption:
    with audited(actor=actor, action="card.redeem") as event:
        m = _merchant_for(actor, merchant)
        event.org = m.org
        number = codes.normalize_number(number)
        merchant_ref = (merchant_ref or "").strip()
        if not merchant_ref or len(merchant_ref) > 60:
            raise ValidationError(field_errors={"merchant_ref": ["请填写商户流水号（小票号，最多 60 个字符）。"]})
        if not codes.looks_like_number(number):
            # A mistyped or half-scanned number is not an unknown card: say so, and what to do.
            raise ValidationError(field_errors={"number": ["卡号有误：应为 6288 开头的 16 位数字，请核对或重新扫码。"]})
        found = (
            access.scope_queryset(actor, Cap.CARD_REDEEM, AssistanceCard.objects.all(), "org")
            .filter(number=number)
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            raise NotFound("未找到该卡。")
        card = (
            AssistanceCard.objects.select_for_update(of=("self",))
            .select_related("card_type", "account", "org", "file__person")
            .get(pk=found)
        )
        event.target(card, org=card.org)
        event.changes = {"merchant": m.code, "merchant_ref": merchant_ref, "amount_fen": amount_fen}
        if claim.refused is ADDRESS_CODES:
            raise TooManyWrongCodes()
        if claim.refused is not None:
            until = timezone.localtime(claim.refused_until)
            raise CardLocked(f"验证码错误次数过多，该卡暂停核销至 {until:%H:%M}。")
        matched = codes.code_matches(code, card.code_hash)
        compared.append(matched)
        if not matched:
            left = MAX_WRONG_CODES - claim.count(CARD_CODES)
            if left <= 0:
                raise CardLocked()
            raise WrongCode(field_errors={"code": [f"验证码错误，还可尝试 {left} 次。"]})
        existing = Redemption.objects.filter(merchant=m, merchant_ref=merchant_ref).select_related("card").first()
        if existing is not None:
            if existing.card_id != card.pk or existing.amount_fen != amount_fen:
                raise ReceiptReused()
            event.target(existing, org=card.org)
            event.changes |= {"replayed": True, "redemption": existing.pk}
            return existing
        if card.status != CardStatus.ACTIVE:
            raise CardNotUsable(f"该卡{card.get_status_display()}，不能使用。")
        if card.valid_until < timezone.localdate():
            raise CardNotUsable(f"该卡已于 {card.valid_until:%Y-%m-%d} 过期。")
        if m.kind not in card.card_type.accepted_at:
            raise CardNotAccepted(f"「{card.card_type.name}」不能在{m.get_kind_display()}使用。")
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or not 0 < amount_fen <= MAX_FEN:
            raise ValidationError(field_errors={"amount": ["金额必须大于零。"]})
        if amount_fen > card.account.balance_fen:
            raise InsufficientFunds(
                f"卡内余额不足：余额 {yuan_display(card.account.balance_fen)} 元，本次需 {yuan_display(amount_fen)} 元。"
            )
        journal = ledger.post(
            JournalKind.REDEMPTION,
            [(card.account, -amount_fen), (m.account, amount_fen)],
            memo=f"{m.name} 核销 {merchant_ref}",
            org=card.org,
            actor=actor,
        )
        redemption = create_unique(
            Redemption,
            ReceiptReused(),
            card=card,
            merchant=m,
            amount_fen=amount_fen,
            merchant_ref=merchant_ref,
            journal=journal,
            by=user_of(actor),
        )
        if card.card_type.one_off:
            card.status = CardStatus.USED
            card.save(update_fields=["status"])
        event.target(redemption, org=card.org)
        event.changes |= {"card": card.number, "balance_fen": card.account.balance_fen, "journal": journal.pk}
    return redemption


# --- settlements ----------------------------------------------------------------------------------


def settlement_create(*, actor: Actor, merchant: PartnerMerchant, month: date) -> Settlement:
    """Settle a merchant's past month: every unsettled redemption of that month, paid out in one SETTLEMENT
    journal from the merchant account to its settled account. Refuses the current or a future month, a
    month without redemptions and a month already settled."""
    with audited(actor=actor, action="settlement.create", org=merchant.org, obj=merchant) as event:
        access.require(actor, Cap.FUNDS_MANAGE, merchant.org, obj=merchant)
        month = month.replace(day=1)
        if month >= timezone.localdate().replace(day=1):
            raise ValidationError(field_errors={"month": ["只能结算已经结束的月份。"]})
        merchant = (
            PartnerMerchant.objects.select_for_update(of=("self",)).select_related("account", "org").get(pk=merchant.pk)
        )
        if Settlement.objects.filter(merchant=merchant, month=month).exists():
            raise Conflict(f"{merchant.name} {month:%Y年%m月} 已经结算。")
        start, end = month_bounds(month)
        rows = list(
            Redemption.objects.select_for_update()
            .filter(merchant=merchant, settlement__isnull=True, at__gte=start, at__lt=end)
            .values_list("pk", "amount_fen")
        )
        if not rows:
            raise ValidationError(field_errors={"month": [f"{month:%Y年%m月} 没有待结算的核销。"]})
        total = sum(amount for _, amount in rows)
        if merchant.settled_account is None:
            merchant.settled_account = ledger.open_account(AccountKind.SETTLED, f"已结算 {merchant.name}")
            merchant.save(update_fields=["settled_account"])
        journal = ledger.post(
            JournalKind.SETTLEMENT,
            [(merchant.account, -total), (merchant.settled_account, total)],
            memo=f"{merchant.name} {month:%Y年%m月} 结算",
            org=merchant.org,
            actor=actor,
        )
        settlement = create_unique(
            Settlement,
            Conflict(f"{merchant.name} {month:%Y年%m月} 已经结算。"),
            merchant=merchant,
            month=month,
            amount_fen=total,
            count=len(rows),
            journal=journal,
            created_by=user_of(actor),
        )
        Redemption.objects.filter(pk__in=[pk for pk, _ in rows]).update(settlement=settlement)
        event.target(settlement, org=merchant.org)
        event.changes = {"month": f"{month:%Y-%m}", "amount_fen": total, "count": len(rows), "journal": journal.pk}
    return settlement
