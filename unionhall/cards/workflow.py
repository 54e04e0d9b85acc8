"""A card's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py): card_freeze,
card_unfreeze and card_reissue each take one step through the kernel's runner and record one audit event
"card.<step>". A card keeps no history table: its journals and the audit trail are its history.

    active ──freeze (冻结)──▶ frozen ──unfreeze (解冻)──▶ active
    active, frozen ──reissue (补卡)──▶ replaced      (and a new card, carrying the balance, is issued)
    active ══the one redemption of a one-off ticket══▶ used

Issuing opens a card (card_issue: no row before it); a top-up and a redemption need an active card but
do not change its status, except that a one-off ticket is used up by its redemption (services._redeem,
inside the counter's own checks of code, merchant and balance). The services that need more than the step
(unfreezing also lifts a lock after wrong codes; reissuing issues the successor and carries the balance
over) run it inside their own audited block.
"""

from __future__ import annotations

from typing import Any

from unionhall.cards.models import AssistanceCard, CardStatus
from unionhall.core.errors import Conflict, ValidationError
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Transition

S = CardStatus


def lock(card: AssistanceCard) -> AssistanceCard:
    return (
        AssistanceCard.objects.select_for_update(of=("self",))
        .select_related("card_type", "account", "org", "file")
        .get(pk=card.pk)
    )


def _on_freeze(card: AssistanceCard, ctx: Context) -> dict[str, Any]:
    card.freeze_reason = ctx.reason
    return {}


def _on_unfreeze(card: AssistanceCard, ctx: Context) -> dict[str, Any]:
    reason = card.freeze_reason
    card.freeze_reason = ""
    return {"reason": reason}  # why it had been frozen


def _not_one_off(card: AssistanceCard, ctx: Context) -> None:
    if card.card_type.one_off:
        raise Conflict("一次性票券不能补发。")


def _on_reissue(card: AssistanceCard, ctx: Context) -> dict[str, Any]:
    card.freeze_reason = (ctx.reason or "挂失补卡").strip()[:200]
    return {"reason": card.freeze_reason}


def _reason(reason: str, t: Transition) -> str:
    text = (reason or "").strip()
    if t.name != "freeze":
        return text
    if not text:
        raise ValidationError(field_errors={"reason": ["请填写冻结原因。"]})
    if len(text) > 200:
        raise ValidationError(field_errors={"reason": ["冻结原因最多 200 个字。"]})
    return text


_CANNOT = {"freeze": "不能冻结", "reissue": "不能补卡"}


def _refusal(card: AssistanceCard, t: Transition) -> str:
    if t.name == "unfreeze":
        return "该卡未被冻结。"
    return f"该卡{card.get_status_display()}，{_CANNOT[t.name]}。"


_CONFIRM = {
    "freeze": "冻结后此卡不能消费，解冻前持卡人将无法使用余额。",
    "reissue": "原卡作废，余额转入新卡，原卡号不能再使用。",
}
M = Cap.CARD_MANAGE
_STEPS = (
    kernel.step(
        "freeze", "冻结", S.ACTIVE, S.FROZEN, M, needs_reason=True, effect=_on_freeze, confirm=_CONFIRM["freeze"]
    ),
    kernel.step("unfreeze", "解冻", S.FROZEN, S.ACTIVE, M, effect=_on_unfreeze),
    kernel.step(
        "reissue",
        "挂失补卡",
        (S.ACTIVE, S.FROZEN),
        S.REPLACED,
        M,
        guard=_not_one_off,
        effect=_on_reissue,
        confirm=_CONFIRM["reissue"],
    ),
)

TABLE = kernel.register(
    kernel.Table(
        name="card",
        model=AssistanceCard,
        transitions=_STEPS,
        main_path=((S.ACTIVE, "正常"), (S.FROZEN, "冻结")),
        history=None,
        lock=lock,
        refusal=_refusal,
        clean_reason=_reason,
        reason_first=True,
    )
)
