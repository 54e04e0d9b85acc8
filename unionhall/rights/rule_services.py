"""The city's rights rules, kept by whoever configures programmes at the root (the city admin): time limits
per category and complexity, the holiday table, and how soon each risk level must be acknowledged.

A case takes its due date when it is received (services.case_create), so a changed rule applies to cases
received after the change; a risk report likewise keeps the acknowledgement deadline it was filed with.
Each public function with an `actor` is one business action with one audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from unionhall.core.actors import Actor
from unionhall.core.audit import audited, changed_fields
from unionhall.core.errors import Conflict, ValidationError
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import require_at_city_root
from unionhall.rights.models import CaseCategory, Complexity, RiskLevel, RiskLevelRule, TimeLimitRule
from unionhall.workcalendar.models import Holiday
from unionhall.workcalendar.workdays import usual_is_working_day

MAX_DAYS = 365
MAX_ACK_HOURS = 720  # thirty days: longer is no early warning


def _require_city_admin(actor: Actor, event: Any) -> None:
    require_at_city_root(actor, Cap.PROGRAMME_CONFIG, event)


def _whole(value: Any, field: str, label: str, low: int, high: int, errors: dict[str, list[str]]) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = [f"{label}应为整数。"]
        return 0
    if not low <= number <= high:
        errors[field] = [f"{label}应在 {low} 到 {high} 之间。"]
    return number


def time_limit_rule_save(
    *,
    actor: Actor,
    category: str,
    complexity: str,
    days: int | str,
    working_days: bool,
    remind_before_days: int | str,
) -> TimeLimitRule:
    """Set the time limit of one category (blank: any category) and complexity, adding it when missing."""
    with audited(actor=actor, action="time_limit_rule.save") as event:
        _require_city_admin(actor, event)
        errors: dict[str, list[str]] = {}
        category = (category or "").strip()
        if category and category not in CaseCategory.values:
            errors["category"] = ["请选择案件类别。"]
        if complexity not in Complexity.values:
            errors["complexity"] = ["请选择复杂程度。"]
        limit = _whole(days, "days", "办理时限", 1, MAX_DAYS, errors)
        remind = _whole(remind_before_days, "remind_before_days", "提前提醒天数", 0, MAX_DAYS, errors)
        if "days" not in errors and "remind_before_days" not in errors and remind >= limit:
            errors["remind_before_days"] = ["提前提醒天数应少于办理时限。"]
        if errors:
            raise ValidationError(field_errors=errors)
        rule = TimeLimitRule.objects.select_for_update().filter(category=category, complexity=complexity).first()
        values = {"days": limit, "working_days": bool(working_days), "remind_before_days": remind}
        if rule is None:
            rule = TimeLimitRule.objects.create(category=category, complexity=complexity, **values)
            event.changes = {"category": category, "complexity": complexity, **values, "created": True}
        else:
            event.changes = changed_fields(rule, values)
            for name, value in values.items():
                setattr(rule, name, value)
            rule.save(update_fields=list(values))
        event.target(rule)
    return rule


class RowErrors(ValidationError):
    """The refusals of several rows of one table, by each row's key: the page shows each at its row."""

    def __init__(self, rows: Mapping[str, ValidationError | Conflict]) -> None:
        super().__init__("未能保存，请检查标出的行；所有修改均未保存。")
        self.rows = dict(rows)


def _each_row[T](rows: Mapping[str, Mapping[str, Any]], save: Callable[..., T], actor: Any) -> list[T]:
    """Every row through its own checks; a refusal of any row is raised after the others were checked (so
    the page shows every error at once) and rolls back the whole table."""
    saved: list[T] = []
    refused: dict[str, ValidationError | Conflict] = {}
    for key, values in rows.items():
        try:
            saved.append(save(actor=actor, **values))
        except (ValidationError, Conflict) as e:
            refused[key] = e
    if refused:
        raise RowErrors(refused)
    return saved


def time_limit_rules_save(*, actor: Actor, rows: Mapping[str, Mapping[str, Any]]) -> list[TimeLimitRule]:
    """Several rows of the time-limit table edited at once: all saved, or none (one event for the table)."""
    with audited(actor=actor, action="time_limit_rules.save") as event:
        _require_city_admin(actor, event)
        saved = _each_row(rows, time_limit_rule_save, actor)
        event.changes = {"rules": [str(rule) for rule in saved], "rows": [dict(v) for v in rows.values()]}
    return saved


def time_limit_rule_delete(*, actor: Actor, rule: TimeLimitRule) -> None:
    """Remove a category's own limit: its cases fall back to the limit for any category."""
    with audited(actor=actor, action="time_limit_rule.delete", obj=rule) as event:
        _require_city_admin(actor, event)
        if not rule.category:
            raise Conflict("“全部类别”的时限是兜底规则，只能修改，不能删除。")
        event.changes = {
            "category": rule.category,
            "complexity": rule.complexity,
            "days": rule.days,
            "working_days": rule.working_days,
            "remind_before_days": rule.remind_before_days,
        }
        deleted, _ = TimeLimitRule.objects.filter(pk=rule.pk).delete()
        if not deleted:
            raise Conflict("该时限已被删除。")


def holiday_add(*, actor: Actor, day: date | None, is_workday: bool = False, name: str = "") -> Holiday:
    """A public holiday on a weekday, or a weekend day worked in exchange (调休); or a correction of the State
    Council's calendar (a 调休 Saturday off after all, a holiday weekday worked). A row agreeing with the
    package is kept too: the city may write down the days it was told, and its row wins either way."""
    with audited(actor=actor, action="holiday.add") as event:
        _require_city_admin(actor, event)
        errors: dict[str, list[str]] = {}
        text = (name or "").strip()
        if not isinstance(day, date):
            errors["day"] = ["请选择日期。"]
        elif is_workday and day.weekday() < 5 and usual_is_working_day(day):
            errors["day"] = ["调休上班日应为周六或周日（工作日本来就上班）。"]
        elif not is_workday and day.weekday() >= 5 and not usual_is_working_day(day):
            errors["day"] = ["周六、周日本来就休息，无需登记为节假日。"]
        elif Holiday.objects.filter(day=day).exists():
            errors["day"] = [f"{day:%Y-%m-%d} 已经登记过。"]
        if len(text) > 30:
            errors["name"] = ["名称不超过 30 字。"]
        if errors:
            raise ValidationError(field_errors=errors)
        assert isinstance(day, date)
        try:
            with transaction.atomic():
                holiday = Holiday.objects.create(day=day, is_workday=bool(is_workday), name=text)
        except IntegrityError:  # a second admin added the same day a moment ago
            raise ValidationError(field_errors={"day": [f"{day:%Y-%m-%d} 已经登记过。"]}) from None
        event.target(holiday)
        event.changes = {"day": day.isoformat(), "is_workday": bool(is_workday), "name": text}
    return holiday


def holiday_delete(*, actor: Actor, holiday: Holiday) -> None:
    with audited(actor=actor, action="holiday.delete", obj=holiday) as event:
        _require_city_admin(actor, event)
        event.changes = {"day": holiday.day.isoformat(), "is_workday": holiday.is_workday, "name": holiday.name}
        deleted, _ = Holiday.objects.filter(pk=holiday.pk).delete()
        if not deleted:
            raise Conflict("该日期已被删除。")


def risk_level_rule_save(*, actor: Actor, level: str, ack_hours: int | str) -> RiskLevelRule:
    """How many hours the upper federation has to acknowledge a report of this level."""
    with audited(actor=actor, action="risk_level_rule.save") as event:
        _require_city_admin(actor, event)
        errors: dict[str, list[str]] = {}
        if level not in RiskLevel.values:
            errors["level"] = ["请选择预警级别。"]
        hours = _whole(ack_hours, "ack_hours", "签收时限", 1, MAX_ACK_HOURS, errors)
        if errors:
            raise ValidationError(field_errors=errors)
        rule = RiskLevelRule.objects.select_for_update().filter(level=level).first()
        if rule is None:
            rule = RiskLevelRule.objects.create(level=level, ack_hours=hours)
            event.changes = {"level": level, "ack_hours": hours, "created": True}
        else:
            event.changes = changed_fields(rule, {"ack_hours": hours})
            rule.ack_hours = hours
            rule.save(update_fields=["ack_hours"])
        event.target(rule)
    return rule


def risk_level_rules_save(*, actor: Actor, rows: Mapping[str, Mapping[str, Any]]) -> list[RiskLevelRule]:
    """The acknowledgement windows of several levels edited at once: all saved, or none."""
    with audited(actor=actor, action="risk_level_rules.save") as event:
        _require_city_admin(actor, event)
        saved = _each_row(rows, risk_level_rule_save, actor)
        event.changes = {"rows": [dict(v) for v in rows.values()]}
    return saved
