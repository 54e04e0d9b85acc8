"""四个第一人 early warning: information officers file risk reports (first to know, first to report); the
upper federation acknowledges within the level's window (RiskLevelRule), the report is followed until it
is closed, and open high-level reports go to the joint meeting's agenda (selectors.agenda_risks).

    reported ──acknowledge──▶ acknowledged ──follow_up──▶ following ──close──▶ closed
        (a follow-up note may be added at any open status; close from any open status)

The steps after filing are the risk report's table of the workflow kernel (risk_workflow.py).

Each public function with an `actor` is one business action with one audit event.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.money import parse_optional_yuan
from unionhall.core.rows import save_numbered
from unionhall.notifications.services import notify
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.responsibility.models import RIGHTS
from unionhall.responsibility.telling import tell_who_answers
from unionhall.rights import risk_workflow, routing, rules
from unionhall.rights.models import RiskFollowUp, RiskKind, RiskLevel, RiskReport
from unionhall.workflow import kernel

OPEN = risk_workflow.OPEN
# Levels that go to the joint meeting's agenda while open (PRODUCT.md §3.11).
HIGH_LEVELS = frozenset({RiskLevel.ORANGE, RiskLevel.RED})


def risk_url(report: RiskReport) -> str:
    return reverse("rights:risk_detail", args=[report.pk])


def _acknowledgers(report: RiskReport) -> list[Any]:
    return access.holders(routing.upper_federation(report.org), Cap.RIGHTS_HANDLE)


def report_problems(
    *, kind: str, level: str, description: str, affected_count: int | str = 0, amount: str | int = 0
) -> dict[str, list[str]]:
    """Every fault of a risk report at once, writing nothing; the page shows these beside its form's own
    errors, and risk_report_file refuses with all of them."""
    errors: dict[str, list[str]] = {}
    if kind not in RiskKind.values:
        errors["kind"] = ["请选择风险类型。"]
    if level not in RiskLevel.values:
        errors["level"] = ["请选择预警级别。"]
    text = (description or "").strip()
    if not text:
        errors["description"] = ["请写明情况：什么单位、多少人、发生了什么、有无苗头。"]
    elif len(text) > 5000:
        errors["description"] = ["情况说明不超过 5000 字。"]
    try:
        count = int(str(affected_count or 0).strip())
        if not 0 <= count <= 1000000:
            raise ValueError
    except ValueError:
        errors["affected_count"] = ["涉及人数应为 0 或正整数。"]
    try:
        parse_optional_yuan(amount, field="amount")
    except ValidationError as e:
        errors |= e.field_errors
    return errors


def risk_report_file(
    *,
    actor: Actor,
    org: OrgUnit,
    kind: str,
    level: str,
    description: str,
    employer: Employer | None = None,
    affected_count: int | str = 0,
    amount: str | int = 0,
) -> RiskReport:
    """An information officer (or the union) reports a risk at `org`; the upper federation is told at once
    (by text message from orange up) and must acknowledge within the level's window."""
    with audited(actor=actor, action="risk_report.file", org=org) as event:
        access.require(actor, Cap.RISK_REPORT, org)
        if org.status != OrgStatus.ACTIVE:
            raise Conflict(f"「{org.name}」已不在用。")
        errors = report_problems(
            kind=kind, level=level, description=description, affected_count=affected_count, amount=amount
        )
        if errors:
            raise ValidationError(field_errors=errors)
        text = (description or "").strip()
        count = int(str(affected_count or 0).strip())
        fen = parse_optional_yuan(amount, field="amount")
        now = timezone.now()
        report = RiskReport(
            org=org,
            employer=employer,
            kind=kind,
            level=level,
            affected_count=count,
            amount_fen=fen,
            description=text,
            reported_by=user_of(actor),
            reported_at=now,
            ack_due_at=rules.ack_due(level, now),
        )
        save_numbered(report, "YJ", 6)
        due = timezone.localtime(report.ack_due_at)
        acknowledgers = _acknowledgers(report)
        title = f"{report.get_level_display()}预警：{org.name} {report.get_kind_display()}"
        notify(
            acknowledgers,
            kind="rights.risk_reported",
            title=title,
            body=f"请于 {due:%m月%d日 %H:%M} 前签收。",
            url=risk_url(report),
            sms=level in HIGH_LEVELS,
        )
        # Who answers for the unit's rights work follows the risk too, told once if they also acknowledge.
        tell_who_answers(
            org,
            RIGHTS,
            kind="rights.risk_reported",
            title=title,
            body=f"由上级工会于 {due:%m月%d日 %H:%M} 前签收；您负责该单位的维权工作。",
            url=risk_url(report),
            told=acknowledgers,
            sms=level in HIGH_LEVELS,
        )
        event.target(report, org=org)
        event.changes = {"no": report.no, "kind": kind, "level": level, "ack_due_at": report.ack_due_at.isoformat()}
    return report


def risk_acknowledge(*, actor: Actor, report: RiskReport) -> RiskReport:
    """签收 by the upper federation (or above): reported → acknowledged; late acknowledgement is allowed and
    shows as late."""
    return kernel.run(risk_workflow.TABLE, "acknowledge", actor=actor, obj=report)


def risk_follow_up(*, actor: Actor, report: RiskReport, note: str) -> RiskFollowUp:
    """跟踪处置: a note by the reporting union or the upper federation; an acknowledged report moves to
    following."""
    follow_up: RiskFollowUp = kernel.run(risk_workflow.TABLE, "follow_up", actor=actor, obj=report, note=note)
    return follow_up


def risk_close(*, actor: Actor, report: RiskReport, resolution: str) -> RiskReport:
    """化解销号 by the upper federation, with how the risk was resolved."""
    return kernel.run(risk_workflow.TABLE, "close", actor=actor, obj=report, resolution=resolution)
