"""The periodic deadline sweep (PRODUCT.md §3.4, §4: every overdue item has a list and a reminder).

Run every few minutes by the task `rights.tasks.deadline_sweep` (or `manage.py rights_deadlines`):

- a case whose reminder time has come is reminded once: its handler (or the handling unit's handlers);
- a case past its due date is escalated once per breach to the upper federation (督办): its handlers, the
  case's handler and who answers for the handling union's rights work (`who_answers`) are told, a history
  line and an audit event are written;
- a risk report not acknowledged within its level's window is flagged once to the upper federation and to
  who answers for the reporting unit's rights work.

"Once" holds under overlapping runs too: each row is claimed by a conditional UPDATE (…WHERE
escalated_at IS NULL), and only the run whose UPDATE changed the row goes on to notify. A reopened case
gets a new due date with the marks cleared, so a new breach escalates again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.notifications.services import notify
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.responsibility.answers import who_answers
from unionhall.responsibility.models import RIGHTS
from unionhall.rights import routing, workflow
from unionhall.rights.models import Case, RiskReport, RiskStatus
from unionhall.rights.risk_services import risk_url
from unionhall.rights.services import case_url, tell_handlers


@dataclass
class SweepResult:
    reminded: int = 0
    escalated: int = 0
    risks_overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"reminded": self.reminded, "escalated": self.escalated, "risks_overdue": self.risks_overdue}


def answering(unit: Any) -> tuple[Any, ...]:
    """Who answers for the unit's rights work (包片·定点·管线), told of its breaches beside the handlers."""
    answer = who_answers(unit, RIGHTS)
    return (answer.user,) if answer is not None else ()


def _remind(actor: Actor, case: Case, now: datetime) -> bool:
    with transaction.atomic():
        claimed = Case.objects.filter(pk=case.pk, reminded_at__isnull=True, remind_at=case.remind_at).update(
            reminded_at=now
        )
        if not claimed:
            return False
        due = timezone.localtime(case.due_at)
        notify(
            [case.handler] if case.handler_id else access.holders(case.org, Cap.RIGHTS_HANDLE),
            kind="rights.case_due_soon",
            title=f"维权案件 {case.no} 将于 {due:%m月%d日} 到期",
            body=case.summary,
            url=case_url(case),
            sms=True,
            email=True,
        )
    return True


def _escalate(actor: Actor, case: Case, now: datetime) -> bool:
    upper = routing.upper_federation(case.org)
    with transaction.atomic():
        claimed = Case.objects.filter(pk=case.pk, escalated_at__isnull=True, due_at=case.due_at).update(
            escalated_at=now, escalated_to=upper
        )
        if not claimed:  # another run got there first: nothing to do, nothing to record
            return False
        _record_escalation(actor, case, upper)
    return True


def _record_escalation(actor: Actor, case: Case, upper: Any) -> None:
    with audited(actor=actor, action="case.escalate", org=case.org, obj=case) as event:
        due = timezone.localtime(case.due_at)
        workflow.append_event(
            case, "escalate", actor=actor, note=f"超过办理期限（{due:%Y-%m-%d}），已报{upper.name}督办。", org=upper
        )
        tell_handlers(
            upper,
            case_url(case),
            also=(case.handler, *answering(case.org)),
            kind="rights.case_overdue",
            title=f"超期督办：{case.org.name} 案件 {case.no}",
            body=f"{case.summary}，期限 {due:%Y-%m-%d} 已过。",
            email=True,
        )
        event.changes = {"due_at": case.due_at.isoformat(), "escalated_to": upper.pk}


def _risk_overdue(actor: Actor, report: RiskReport, now: datetime) -> bool:
    upper = routing.upper_federation(report.org)
    with transaction.atomic():
        claimed = RiskReport.objects.filter(
            pk=report.pk, ack_overdue_at__isnull=True, status=RiskStatus.REPORTED
        ).update(ack_overdue_at=now)
        if not claimed:
            return False
        _record_risk_overdue(actor, report, upper)
    return True


def _record_risk_overdue(actor: Actor, report: RiskReport, upper: Any) -> None:
    with audited(actor=actor, action="risk.ack_overdue", org=report.org, obj=report) as event:
        tell_handlers(
            upper,
            risk_url(report),
            also=answering(report.org),
            kind="rights.risk_ack_overdue",
            title=f"预警未按时签收：{report.no} {report.get_level_display()}",
            body=f"{report.org.name}报告的{report.get_kind_display()}预警，签收期限已过。",
            email=True,
        )
        event.changes = {"ack_due_at": report.ack_due_at.isoformat(), "to": upper.pk}


def deadline_sweep(*, actor: Actor, now: datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    open_cases = Case.objects.filter(status__in=workflow.OPEN).select_related("org", "handler")
    for case in open_cases.filter(reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now):
        result.reminded += _remind(actor, case, now)
    for case in open_cases.filter(escalated_at__isnull=True, due_at__lt=now):
        result.escalated += _escalate(actor, case, now)
    late = RiskReport.objects.filter(status=RiskStatus.REPORTED, ack_overdue_at__isnull=True, ack_due_at__lt=now)
    for report in late.select_related("org"):
        result.risks_overdue += _risk_overdue(actor, report, now)
    return result
