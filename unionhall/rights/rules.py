"""The city's rules read from the database: which time limit applies to a case, the working calendar,
and how soon a risk report must be acknowledged."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from unionhall.core.errors import ValidationError
from unionhall.rights.deadlines import Limit, due_at, remind_at
from unionhall.rights.models import RiskLevelRule, TimeLimitRule
from unionhall.workcalendar.workdays import WorkCalendar, calendar_between


def limit_for(category: str, complexity: str) -> Limit:
    """The rule for this category and complexity, else the rule for any category of that complexity."""
    rules = {r.category: r for r in TimeLimitRule.objects.filter(complexity=complexity, category__in=[category, ""])}
    rule = rules.get(category) or rules.get("")
    if rule is None:
        raise ValidationError(field_errors={"complexity": ["该复杂程度尚未设置办理时限，请联系市总工会管理员。"]})
    return Limit(days=rule.days, working_days=rule.working_days, remind_before_days=rule.remind_before_days)


def work_calendar(start: date, end: date) -> WorkCalendar:
    """The holidays and worked weekend days between two dates (a case's limit fits within a few months)."""
    return calendar_between(start, end)


def calendar_around(moment: datetime, *, days: int = 400) -> WorkCalendar:
    day = timezone.localdate(moment)
    return work_calendar(day - timedelta(days=days), day + timedelta(days=days))


def ack_due(level: str, reported_at: datetime) -> datetime:
    rule = RiskLevelRule.objects.filter(level=level).first()
    if rule is None:
        raise ValidationError(field_errors={"level": ["该预警级别尚未设置签收时限。"]})
    return reported_at + timedelta(hours=rule.ack_hours)


def set_deadlines(case: Any, received_at: datetime) -> None:
    """Due date and reminder from the city's rule for the case's category and complexity; the reminder and
    escalation marks start over (at intake, and again on reopen)."""
    limit = limit_for(case.category, case.complexity)
    calendar = calendar_around(received_at)
    case.due_at = due_at(received_at, limit, calendar)
    case.remind_at = remind_at(received_at, limit, calendar)
    case.reminded_at = None
    case.escalated_at = None
    case.escalated_to = None
