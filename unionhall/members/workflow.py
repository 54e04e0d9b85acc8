"""A membership's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py): the
services member_retain, member_restore, member_leave and member_remove each take one step through the
kernel's runner, which appends a MembershipEvent and records one audit event "member.<step>".

    active ──retain (保留会籍)──▶ retained ──restore (恢复在会)──▶ active
    active, retained ──leave (退会)──▶ left
    active, retained ──remove (除名)──▶ removed
    active, retained ══transfer══▶ transferred   (and a new membership opens at the receiving union)

A transfer is not a step of one row: it closes this membership and opens one in another union, keeping
the member number (lifecycle.move_membership, behind member_transfer, the transfer requests, the import
and the approval of an online application), so it is declared here as the statuses it leaves from
(TRANSFER_FROM) and run there. left, removed and transferred are final.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.core.actors import Actor
from unionhall.core.errors import ValidationError
from unionhall.members.models import OPEN_STATUSES, Membership, MembershipEvent, MembershipStatus
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Transition

S = MembershipStatus
K = MembershipEvent.Kind
OPEN = frozenset({S.ACTIVE, S.RETAINED})
TRANSFER_FROM = OPEN


def end_fields(membership: Membership, status: str, *, on: date, reason: str) -> None:
    """An open status clears the end; a final one records the day and the reason."""
    if status in OPEN_STATUSES:
        membership.ended_on = None
        membership.end_reason = ""
    else:
        membership.ended_on = on
        membership.end_reason = reason


def _day(ctx: Context) -> date:
    return ctx.params.get("on") or ctx.today


def _on_move(membership: Membership, ctx: Context) -> dict[str, Any]:
    end_fields(membership, ctx.target, on=_day(ctx), reason=ctx.reason)
    return {"reason": ctx.reason}  # recorded even when empty (restore), as the services always did


def _refusal(membership: Membership, t: Transition) -> str:
    return f"会籍状态为「{membership.get_status_display()}」，不能改为「{MembershipStatus(t.target).label}」。"


def _reason(reason: str, t: Transition) -> str:
    text = (reason or "").strip()
    if t.needs_reason and not text:
        raise ValidationError(field_errors={"reason": ["请填写原因。"]})
    return text


def actor_name(actor: Actor) -> str:
    return str(getattr(actor, "username", actor))


_KIND = {"retain": K.RETAIN, "restore": K.RESTORE, "leave": K.LEAVE, "remove": K.REMOVE}


def _history(membership: Membership, t: Transition, ctx: Context, from_status: str) -> None:
    MembershipEvent.objects.create(
        person_id=membership.person_id,
        membership=membership,
        kind=_KIND[t.name],
        on=_day(ctx),
        from_org_id=membership.org_id,
        note=ctx.reason,
        actor_name=actor_name(ctx.actor),
    )


def _step(name: str, label: str, sources: Any, target: str, **more: Any) -> Transition:
    return kernel.step(name, label, sources, target, Cap.MEMBER_EDIT, effect=_on_move, **more)


TABLE = kernel.register(
    kernel.Table(
        name="membership",
        model=Membership,
        action_prefix="member",
        transitions=(
            _step("retain", "保留会籍", S.ACTIVE, S.RETAINED, needs_reason=True),
            _step("restore", "恢复在会", S.RETAINED, S.ACTIVE),
            _step("leave", "退会", OPEN, S.LEFT, needs_reason=True, confirm="会籍结束，会员编号保留在记录中。"),
            _step("remove", "除名", OPEN, S.REMOVED, needs_reason=True, confirm="会籍以除名结束，记入会籍历史。"),
        ),
        main_path=((S.ACTIVE, "在会"), (S.RETAINED, "保留会籍")),
        history=_history,
        history_of=lambda membership: membership.events.all(),
        refusal=_refusal,
        clean_reason=_reason,
        reason_first=True,
    )
)
