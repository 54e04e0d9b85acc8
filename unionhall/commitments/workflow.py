"""A commitment's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py): each
step is one service in services.py that runs the kernel, records one audit event "commitment.<step>" and
one line of the commitment's own history (`CommitmentEvent`).

    in_progress ──fulfil (标记已兑现)──▶ fulfilled
    in_progress ──miss (标记未兑现, with a reason)──▶ not_fulfilled
    fulfilled | not_fulfilled ──reopen (重新推进, with a reason)──▶ in_progress

The steps belong to who manages responsibility over the cadre's federation (the cadre, the federations above).
A grassroots union that rates the card sees it but may not say it is kept: 403, not 404.
"""

from __future__ import annotations

from typing import Any

from unionhall.commitments import selectors
from unionhall.commitments.models import Commitment, CommitmentEvent, Status
from unionhall.core.errors import PermissionDenied
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.history import HistoryLine
from unionhall.workflow.kernel import Context, Transition

S = Status


def _require(actor: Any, c: Commitment) -> None:
    card = c.card
    if access.reach(actor, Cap.RESPONSIBILITY_MANAGE).covers(card.org.path):
        return
    if card.cadre_id in selectors.cadres_rated_by(actor):  # a rating union sees the card
        raise PermissionDenied("兑现情况由干部本人或上级工会更新。")
    access.require(actor, Cap.RESPONSIBILITY_MANAGE, card.org, obj=c)


def _permits(user: Any, c: Commitment) -> bool:
    return access.reach(user, Cap.RESPONSIBILITY_MANAGE).covers(c.card.org.path)


KEEPER = kernel.Rule(require=_require, permits=_permits)


def _history(c: Commitment, t: Transition, ctx: Context, from_status: str) -> None:
    CommitmentEvent.objects.create(
        commitment=c,
        step=t.name,
        from_status=from_status,
        to_status=c.status,
        reason=ctx.reason,
        **HistoryLine.by(ctx.actor),
    )


TABLE = kernel.register(
    kernel.Table(
        name="commitment",
        model=Commitment,
        transitions=(
            kernel.step("fulfil", "标记已兑现", S.IN_PROGRESS, S.FULFILLED, KEEPER),
            kernel.step("miss", "标记未兑现", S.IN_PROGRESS, S.NOT_FULFILLED, KEEPER, needs_reason=True),
            kernel.step("reopen", "重新推进", (S.FULFILLED, S.NOT_FULFILLED), S.IN_PROGRESS, KEEPER, needs_reason=True),
        ),
        main_path=((S.IN_PROGRESS, "推进中"), (S.FULFILLED, "已兑现")),
        history=_history,
        history_of=lambda c: c.events.all(),
        org=lambda c: c.card.org,
        # Only the commitment's own row: the card and its org are read with it, not locked.
        lock=lambda c: Commitment.objects.select_for_update(of=("self",)).select_related("card__org").get(pk=c.pk),
        refusal=kernel.refusal_naming("该承诺"),
        clean_reason=kernel.reason_up_to(300),
    )
)
