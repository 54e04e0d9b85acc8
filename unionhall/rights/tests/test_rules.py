"""The rules as the database holds them: the most specific time limit wins, holidays shape the
calendar, and each risk level has its acknowledgement window."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from unionhall.core.errors import ValidationError
from unionhall.rights import rules
from unionhall.rights.deadlines import SHANGHAI, due_day
from unionhall.rights.models import TimeLimitRule
from unionhall.workcalendar.models import Holiday

pytestmark = pytest.mark.django_db


def test_a_category_rule_wins_over_the_rule_for_any_category() -> None:
    assert rules.limit_for("wage_arrears", "general").days == 10  # the default migration's 欠薪 rule
    assert rules.limit_for("contract", "general").days == 15  # the rule for any category


def test_a_complexity_without_any_rule_is_refused_in_chinese() -> None:
    TimeLimitRule.objects.filter(complexity="special").delete()
    with pytest.raises(ValidationError) as refused:
        rules.limit_for("contract", "special")
    assert "尚未设置办理时限" in refused.value.field_errors["complexity"][0]


def test_the_state_councils_holidays_and_the_citys_corrections_move_a_due_date() -> None:
    received = datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)
    limit = rules.limit_for("wage_arrears", "general")  # 10 working days
    official = due_day(received, limit, rules.calendar_around(received))
    # 1–7 Oct off; 8 and 9 Oct, the worked Saturday 10 Oct, then 12–16 and 19–20 Oct
    assert official == date(2026, 10, 20)
    Holiday.objects.create(day=date(2026, 10, 12), name="本市补充假日")
    Holiday.objects.create(day=date(2026, 10, 10), is_workday=False, name="不再调休")
    assert due_day(received, limit, rules.calendar_around(received)) == date(2026, 10, 22)


def test_each_risk_level_has_its_acknowledgement_window() -> None:
    reported = datetime(2026, 11, 24, 9, tzinfo=SHANGHAI)
    assert rules.ack_due("red", reported) == reported + timedelta(hours=2)
    assert rules.ack_due("blue", reported) == reported + timedelta(hours=72)
