"""A risk report's life (四个第一人), declared as one table of the workflow kernel
(unionhall/workflow/kernel.py): risk_acknowledge, risk_follow_up and risk_close (risk_services.py) each
take one step through the kernel's runner and record one audit event "risk.<step>". A report's history
is its follow-up notes (RiskFollowUp), which the follow-up step adds.

    reported ──acknowledge (签收)──▶ acknowledged ──follow_up──▶ following ──close (化解销号)──▶ closed
    reported, following ──follow_up (a note; the status stays)
    reported, acknowledged ──close──▶ closed

Acknowledging and closing belong to the federation above the reporting unit (routing.upper_federation);
a follow-up note may come from the reporting union too.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.rights import routing
from unionhall.rights.models import RiskFollowUp, RiskReport, RiskStatus
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Rule, Transition

S = RiskStatus
OPEN = frozenset({S.REPORTED, S.ACKNOWLEDGED, S.FOLLOWING})


def require_upper(actor: Actor, report: RiskReport) -> None:
    access.require(actor, Cap.RISK_ACKNOWLEDGE, routing.upper_federation(report.org), obj=report)


def is_upper(user: Any, report: RiskReport) -> bool:
    return access.reach(user, Cap.RISK_ACKNOWLEDGE).covers(routing.upper_federation(report.org).path)


def _reporter(user: Any, report: RiskReport) -> bool:
    return access.reach(user, Cap.RISK_REPORT).covers(report.org.path)


def _require_reporter_or_upper(actor: Actor, report: RiskReport) -> None:
    if not _reporter(actor, report):
        require_upper(actor, report)


UPPER = Rule(require=require_upper, permits=is_upper)
REPORTER_OR_UPPER = Rule(
    require=_require_reporter_or_upper, permits=lambda user, report: _reporter(user, report) or is_upper(user, report)
)


def _on_acknowledge(report: RiskReport, ctx: Context) -> dict[str, Any]:
    """Late acknowledgement is allowed and shows as late."""
    now = timezone.now()
    report.acknowledged_at = now
    report.acknowledged_by = user_of(ctx.actor)
    return {"late": now > report.ack_due_at}


def _on_follow_up(report: RiskReport, ctx: Context) -> dict[str, Any]:
    """The note; an acknowledged report moves to following, a reported or following one keeps its status."""
    text = kernel.required_text(
        ctx.params, "note", limit=2000, missing="请填写跟踪处置情况。", too_long="跟踪情况不超过 2000 字。"
    )
    follow_up = RiskFollowUp.objects.create(report=report, note=text, by=user_of(ctx.actor))
    if report.status != S.ACKNOWLEDGED:
        ctx.target = report.status
    ctx.result = follow_up
    return {"follow_up": follow_up.pk}


def _on_close(report: RiskReport, ctx: Context) -> dict[str, Any]:
    text = kernel.required_text(
        ctx.params, "resolution", limit=2000, missing="请填写处置结果。", too_long="处置结果不超过 2000 字。"
    )
    report.closed_at = timezone.now()
    report.resolution = text
    return {}


_REFUSALS = {"follow_up": "预警已化解，不能再添加跟踪记录。", "close": "预警已化解。"}


def _refusal(report: RiskReport, t: Transition) -> str:
    if t.name == "acknowledge":
        return f"预警当前状态为「{report.get_status_display()}」，无需签收。"
    return _REFUSALS[t.name]


TABLE = kernel.register(
    kernel.Table(
        name="risk_report",
        model=RiskReport,
        action_prefix="risk",
        transitions=(
            kernel.step("acknowledge", "签收", S.REPORTED, S.ACKNOWLEDGED, UPPER, effect=_on_acknowledge),
            kernel.step(
                "follow_up",
                "添加跟踪记录",
                OPEN,
                S.FOLLOWING,
                REPORTER_OR_UPPER,
                effect=_on_follow_up,
                also_to=S.REPORTED,
            ),
            kernel.step("close", "化解销号", OPEN, S.CLOSED, UPPER, effect=_on_close),
        ),
        main_path=((S.REPORTED, "报告"), (S.ACKNOWLEDGED, "签收"), (S.FOLLOWING, "跟踪处置"), (S.CLOSED, "化解销号")),
        history=None,
        history_of=None,
        lock=kernel.lock_related(RiskReport, "org"),
        refusal=_refusal,
    )
)
