"""An innovation studio's life, one table of the workflow kernel (unionhall/workflow/kernel.py), and the rule
of who speaks for the federation above a studio's union. Each step is one service in studio_services.py that
runs the kernel, records one audit event "studio.<step>" and one line of the studio's history
(`StudioEvent`). Registering a studio is `studio_create`, which makes the row.

    active ──revoke (撤销命名, with a reason)──▶ revoked
    revoked ──restore (恢复命名, with a reason)──▶ active

Both steps, like the yearly review, belong to the federation above the studio's union (the nearest
federation-level unit above it, as rights routes a risk report: a studio of an enterprise union is the
street's, a studio of a street federation the district's): who holds `innovation.review` there. The union
itself sees its studio and is refused with 403.
"""

from __future__ import annotations

from typing import Any

from unionhall.innovation.models import Studio, StudioEvent, StudioStatus
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.selectors import upper_federation
from unionhall.workflow import kernel
from unionhall.workflow.history import HistoryLine
from unionhall.workflow.kernel import Context, Transition

ABOVE_ONLY = "创新工作室的撤销、恢复和年度考评由其所属工会的上级工会办理。"


def require_above(actor: Any, studio: Studio) -> OrgUnit:
    """Refuse unless the actor holds `innovation.review` at the federation above the studio's union: 404 out
    of sight, 403 for who sees the studio (its own union). Returns that federation."""
    above = upper_federation(studio.org)
    access.require(actor, Cap.INNOVATION_REVIEW, above, obj=studio, seen_from=[studio.org], denied=ABOVE_ONLY)
    return above


def may_act_above(user: Any, studio: Studio) -> bool:
    return access.reach(user, Cap.INNOVATION_REVIEW).covers(upper_federation(studio.org).path)


def _require(actor: Any, studio: Studio) -> None:
    require_above(actor, studio)


ABOVE = kernel.Rule(require=_require, permits=may_act_above)


def _history(s: Studio, t: Transition, ctx: Context, from_status: str) -> None:
    StudioEvent.objects.create(
        studio=s,
        step=t.name,
        from_status=from_status,
        to_status=s.status,
        reason=ctx.reason,
        **HistoryLine.by(ctx.actor),
    )


S = StudioStatus
TABLE = kernel.Table(
    name="studio",
    model=Studio,
    transitions=(
        kernel.step(
            "revoke",
            "撤销命名",
            S.ACTIVE,
            S.REVOKED,
            ABOVE,
            needs_reason=True,
            confirm="撤销后工作室不再在册，不再参加年度考评；可由上级工会恢复。",
        ),
        kernel.step("restore", "恢复命名", S.REVOKED, S.ACTIVE, ABOVE, needs_reason=True),
    ),
    main_path=((S.ACTIVE, "在册"), (S.REVOKED, "撤销")),
    history=_history,
    history_of=lambda s: s.events.all(),
    lock=lambda s: Studio.objects.select_for_update(of=("self",)).select_related("org").get(pk=s.pk),
    refusal=kernel.refusal_naming("该工作室"),
    clean_reason=kernel.reason_up_to(300),
)


def register() -> None:
    """Plugged in at start-up (apps.py): the kernel's registry knows the studio's life."""
    kernel.register(TABLE)
