"""The city's rules as the city admin keeps them: time limits added, changed and removed (never the rule for
any category), holidays and worked weekend days, acknowledgement windows — each checked in Chinese by field,
each one audit event, and nobody but the city admin may change them. A changed rule applies to cases
received after the change."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.rights import rule_services, rules
from unionhall.rights.deadlines import SHANGHAI
from unionhall.rights.models import RiskLevelRule, TimeLimitRule
from unionhall.tests.city import City
from unionhall.tests.factories import case, risk
from unionhall.workcalendar.models import Holiday


def _admin(city: City) -> object:
    return city.users["city_admin"]


def test_the_city_admin_adds_a_category_limit_that_wins_over_the_rule_for_any_category(city: City) -> None:
    assert rules.limit_for("injury", "general").days == 15
    rule = rule_services.time_limit_rule_save(
        actor=_admin(city), category="injury", complexity="general", days=20, working_days=False, remind_before_days=3
    )
    limit = rules.limit_for("injury", "general")
    assert (limit.days, limit.working_days, limit.remind_before_days) == (20, False, 3)
    event = AuditEvent.objects.get(action="time_limit_rule.save")
    assert event.success and event.object_id == str(rule.pk) and event.changes["created"] is True
    assert event.org_path == city.city.path


def test_saving_an_existing_limit_changes_it_in_place_and_records_what_changed(city: City) -> None:
    before = TimeLimitRule.objects.count()
    rule_services.time_limit_rule_save(
        actor=_admin(city), category="", complexity="general", days="18", working_days=True, remind_before_days="2"
    )
    assert TimeLimitRule.objects.count() == before
    assert TimeLimitRule.objects.get(category="", complexity="general").days == 18
    assert AuditEvent.objects.get(action="time_limit_rule.save").changes == {"days": [15, 18]}


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"days": 0}, "days", "1 到 365"),
        ({"days": "十"}, "days", "应为整数"),
        ({"days": 5, "remind_before_days": 5}, "remind_before_days", "应少于办理时限"),
        ({"remind_before_days": -1}, "remind_before_days", "0 到 365"),
        ({"complexity": "easy"}, "complexity", "请选择复杂程度"),
        ({"category": "gossip"}, "category", "请选择案件类别"),
    ],
)
def test_a_wrong_time_limit_is_refused_by_field_in_chinese(
    city: City, values: dict[str, object], field: str, words: str
) -> None:
    data: dict[str, object] = {
        "category": "injury",
        "complexity": "general",
        "days": 10,
        "working_days": True,
        "remind_before_days": 2,
    }
    with pytest.raises(ValidationError) as refused:
        rule_services.time_limit_rule_save(actor=_admin(city), **(data | values))  # type: ignore[arg-type]
    assert words in refused.value.field_errors[field][0]
    assert not TimeLimitRule.objects.filter(category="injury").exists()
    assert AuditEvent.objects.get(action="time_limit_rule.save").success is False


def test_deleting_a_category_limit_falls_back_to_the_rule_for_any_category(city: City) -> None:
    arrears = TimeLimitRule.objects.get(category="wage_arrears", complexity="general")
    rule_services.time_limit_rule_delete(actor=_admin(city), rule=arrears)
    assert rules.limit_for("wage_arrears", "general").days == 15
    assert AuditEvent.objects.get(action="time_limit_rule.delete").changes["days"] == 10


def test_the_rule_for_any_category_cannot_be_deleted(city: City) -> None:
    base = TimeLimitRule.objects.get(category="", complexity="general")
    with pytest.raises(Conflict) as refused:
        rule_services.time_limit_rule_delete(actor=_admin(city), rule=base)
    assert "兜底" in refused.value.message
    assert TimeLimitRule.objects.filter(pk=base.pk).exists()


@pytest.mark.parametrize("who", ["cadre_d1", "chair_u1", "reviewer_d1", "outsider", "sysadmin", "info_u1"])
def test_nobody_but_the_city_admin_changes_the_rules(city: City, who: str) -> None:
    actor = city.users[who]
    rule = TimeLimitRule.objects.get(category="wage_arrears", complexity="general")
    calls = [
        lambda: rule_services.time_limit_rule_save(
            actor=actor, category="", complexity="general", days=5, working_days=True, remind_before_days=1
        ),
        lambda: rule_services.time_limit_rule_delete(actor=actor, rule=rule),
        lambda: rule_services.holiday_add(actor=actor, day=date(2026, 10, 1), name="国庆节"),
        lambda: rule_services.risk_level_rule_save(actor=actor, level="red", ack_hours=1),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert TimeLimitRule.objects.get(category="", complexity="general").days == 15
    assert TimeLimitRule.objects.filter(pk=rule.pk).exists()
    assert not Holiday.objects.exists()
    assert RiskLevelRule.objects.get(level="red").ack_hours == 2
    assert AuditEvent.objects.filter(success=False, actor=actor).count() == len(calls)


def test_a_changed_limit_applies_to_cases_received_after_the_change(city: City) -> None:
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=SHANGHAI), tick=False):  # a Monday
        before = case(city.u1, category="contract")
        rule_services.time_limit_rule_save(
            actor=_admin(city), category="", complexity="general", days=5, working_days=False, remind_before_days=1
        )
        after = case(city.u1, category="contract")
    before.refresh_from_db()
    assert before.due_at.astimezone(SHANGHAI).date() == date(2026, 11, 23)  # 15 working days, as received
    assert after.due_at.astimezone(SHANGHAI).date() == date(2026, 11, 7)  # 5 calendar days


def test_a_public_holiday_and_a_worked_weekend_day_are_added_and_deleted(city: City) -> None:
    off = rule_services.holiday_add(actor=_admin(city), day=date(2026, 10, 1), name=" 国庆节 ")
    on = rule_services.holiday_add(actor=_admin(city), day=date(2026, 10, 10), is_workday=True, name="国庆调休")
    calendar = rules.work_calendar(date(2026, 10, 1), date(2026, 10, 31))
    assert not calendar.is_working_day(date(2026, 10, 1)) and calendar.is_working_day(date(2026, 10, 10))
    assert off.name == "国庆节"
    rule_services.holiday_delete(actor=_admin(city), holiday=on)
    assert list(Holiday.objects.values_list("day", flat=True)) == [date(2026, 10, 1)]
    actions = list(AuditEvent.objects.filter(success=True).values_list("action", flat=True))
    assert actions.count("holiday.add") == 2 and actions.count("holiday.delete") == 1


@pytest.mark.parametrize(
    ("day", "is_workday", "words"),
    [
        (date(2026, 10, 17), False, "周六、周日本来就休息"),  # a Saturday off
        (date(2026, 10, 9), True, "调休上班日应为周六或周日"),  # a Friday worked
        (None, False, "请选择日期"),
    ],
)
def test_a_holiday_that_changes_nothing_is_refused(city: City, day: date | None, is_workday: bool, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        rule_services.holiday_add(actor=_admin(city), day=day, is_workday=is_workday)
    assert words in refused.value.field_errors["day"][0]
    assert not Holiday.objects.exists()


def test_a_day_is_registered_once(city: City) -> None:
    rule_services.holiday_add(actor=_admin(city), day=date(2027, 1, 1), name="元旦")
    with pytest.raises(ValidationError) as refused:
        rule_services.holiday_add(actor=_admin(city), day=date(2027, 1, 1), name="元旦")
    assert "已经登记过" in refused.value.field_errors["day"][0]
    with pytest.raises(ValidationError) as refused:
        rule_services.holiday_add(actor=_admin(city), day=date(2027, 1, 4), name="三十一个字" * 7)
    assert "不超过 30 字" in refused.value.field_errors["name"][0]


def test_an_acknowledgement_window_applies_to_reports_filed_after_the_change(city: City) -> None:
    early = risk(city.u1, level="red")
    rule = rule_services.risk_level_rule_save(actor=_admin(city), level="red", ack_hours="6")
    late = risk(city.u1, level="red")
    assert rule.ack_hours == 6
    assert early.ack_due_at - early.reported_at == timedelta(hours=2)
    assert late.ack_due_at - late.reported_at == timedelta(hours=6)
    assert AuditEvent.objects.get(action="risk_level_rule.save").changes == {"ack_hours": [2, 6]}


def test_a_level_rule_missing_is_added_again(city: City) -> None:
    RiskLevelRule.objects.filter(level="yellow").delete()
    rule_services.risk_level_rule_save(actor=_admin(city), level="yellow", ack_hours=24)
    assert RiskLevelRule.objects.get(level="yellow").ack_hours == 24


@pytest.mark.parametrize(
    ("level", "hours", "field", "words"),
    [("red", 0, "ack_hours", "1 到 720"), ("red", "两小时", "ack_hours", "应为整数"), ("purple", 5, "level", "请选择")],
)
def test_a_wrong_acknowledgement_window_is_refused(
    city: City, level: str, hours: object, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        rule_services.risk_level_rule_save(actor=_admin(city), level=level, ack_hours=hours)  # type: ignore[arg-type]
    assert words in refused.value.field_errors[field][0]
    assert RiskLevelRule.objects.get(level="red").ack_hours == 2


def test_the_city_corrects_the_state_councils_calendar_both_ways(city: City) -> None:
    # 10 Oct 2026 is a 调休 Saturday and 7 Oct a holiday Wednesday in the State Council's arrangement.
    rule_services.holiday_add(actor=_admin(city), day=date(2026, 10, 10), is_workday=False, name="本市不调休")
    rule_services.holiday_add(actor=_admin(city), day=date(2026, 10, 7), is_workday=True, name="本市照常上班")
    calendar = rules.work_calendar(date(2026, 10, 1), date(2026, 10, 31))
    assert not calendar.is_working_day(date(2026, 10, 10)) and calendar.is_working_day(date(2026, 10, 7))
    with pytest.raises(ValidationError) as refused:  # an ordinary Saturday is off anyway
        rule_services.holiday_add(actor=_admin(city), day=date(2026, 10, 17), is_workday=False)
    assert "周六、周日本来就休息" in refused.value.field_errors["day"][0]
