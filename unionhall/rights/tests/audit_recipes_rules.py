"""Audit recipes of the city's rights rules (rule_services.py; see unionhall/tests/audit_support.py): a call that
succeeds and one that is refused, each writing exactly one event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from unionhall.rights import rule_services
from unionhall.rights.models import TimeLimitRule
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.workcalendar.models import Holiday

M = "unionhall.rights.rule_services."


def _limit(who: str) -> Recipe:
    return lambda c: (
        lambda: rule_services.time_limit_rule_save(
            actor=c.users[who],
            category="injury",
            complexity="general",
            days=12,
            working_days=True,
            remind_before_days=2,
        )
    )


def _delete_limit(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        rule = TimeLimitRule.objects.get(category="wage_arrears", complexity="general")
        return lambda: rule_services.time_limit_rule_delete(actor=c.users[who], rule=rule)

    return recipe


def _holiday(who: str) -> Recipe:
    return lambda c: lambda: rule_services.holiday_add(actor=c.users[who], day=date(2026, 10, 1), name="国庆节")


def _delete_holiday(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        holiday = Holiday.objects.create(day=date(2026, 10, 2), name="国庆节")
        return lambda: rule_services.holiday_delete(actor=c.users[who], holiday=holiday)

    return recipe


def _level(who: str) -> Recipe:
    return lambda c: lambda: rule_services.risk_level_rule_save(actor=c.users[who], level="red", ack_hours=4)


def _limits(who: str) -> Recipe:
    rows = {
        "limit-any-general": {
            "category": "",
            "complexity": "general",
            "days": 20,
            "working_days": True,
            "remind_before_days": 3,
        }
    }
    return lambda c: lambda: rule_services.time_limit_rules_save(actor=c.users[who], rows=rows)


def _levels(who: str) -> Recipe:
    rows = {"level-red": {"level": "red", "ack_hours": 3}, "level-orange": {"level": "orange", "ack_hours": 12}}
    return lambda c: lambda: rule_services.risk_level_rules_save(actor=c.users[who], rows=rows)


# Only the city admin keeps the rules; a district cadre is refused (404: the root is not theirs).
RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    M + "time_limit_rule_save": (_limit("city_admin"), _limit("cadre_d1")),
    M + "time_limit_rule_delete": (_delete_limit("city_admin"), _delete_limit("cadre_d1")),
    M + "holiday_add": (_holiday("city_admin"), _holiday("reviewer_d1")),
    M + "holiday_delete": (_delete_holiday("city_admin"), _delete_holiday("chair_u1")),
    M + "risk_level_rule_save": (_level("city_admin"), _level("outsider")),
    M + "time_limit_rules_save": (_limits("city_admin"), _limits("cadre_d1")),
    M + "risk_level_rules_save": (_levels("city_admin"), _levels("outsider")),
}
