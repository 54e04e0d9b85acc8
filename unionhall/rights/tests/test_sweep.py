"""Deadlines with time travel (acceptance of issue 6): due dates per rule, the reminder at its moment, the
escalation to the upper federation exactly once per breach, and the acknowledgement window of each risk
level. The clock is moved with time-machine; the sweep is what the periodic task runs."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from unionhall.core.actors import SystemActor
from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.rights import services
from unionhall.rights.deadlines import SHANGHAI
from unionhall.rights.models import Case, CaseStatus, RiskLevel, RiskLevelRule, RiskReport, TimeLimitRule
from unionhall.rights.risk_services import risk_acknowledge
from unionhall.rights.sweep import deadline_sweep
from unionhall.tests.city import City
from unionhall.tests.factories import case, risk
from unionhall.workcalendar.models import Holiday

pytestmark = pytest.mark.django_db
SWEEPER = SystemActor("rights_deadlines")
# A Monday morning in Shanghai, with no holiday near: 2026-03-02 09:00.
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


def sweep_at(moment: datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return deadline_sweep(actor=SWEEPER).as_dict()


def received_monday(city: City, **kw: object) -> Case:
    with time_machine.travel(MONDAY, tick=False):
        return case(city.u1, employer=city.e1, **kw)  # type: ignore[arg-type]


# --- due dates per rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "complexity", "due_day"),
    [
        ("wage_arrears", "general", "2026-03-16"),  # 10 working days after Monday 2 March
        ("wage_arrears", "difficult", "2026-03-30"),  # 20 working days
        ("contract", "general", "2026-03-23"),  # the rule for any category: 15 working days
        (
            "contract",
            "special",
            "2026-05-28",
        ),  # 60 working days: 清明 6 Apr and 劳动节 1, 4, 5 May off, Sat 9 May worked
    ],
)
def test_the_due_date_follows_the_rule_of_category_and_complexity(
    city: City, category: str, complexity: str, due_day: str
) -> None:
    k = received_monday(city, category=category, complexity=complexity)
    assert timezone.localtime(k.due_at, SHANGHAI).isoformat() == f"{due_day}T23:59:59+08:00"


def test_a_holiday_in_the_table_moves_the_due_date_and_a_worked_weekend_pulls_it_back(city: City) -> None:
    Holiday.objects.create(day=datetime(2026, 3, 9).date(), name="测试假日")
    assert timezone.localtime(received_monday(city).due_at).date().isoformat() == "2026-03-17"
    Holiday.objects.create(day=datetime(2026, 3, 7).date(), is_workday=True, name="调休上班")
    assert timezone.localtime(received_monday(city).due_at).date().isoformat() == "2026-03-16"


def test_a_calendar_day_rule_counts_weekends(city: City) -> None:
    TimeLimitRule.objects.filter(category="wage_arrears", complexity="general").update(working_days=False)
    assert timezone.localtime(received_monday(city).due_at).date().isoformat() == "2026-03-12"


# --- reminders ---------------------------------------------------------------------------------------


def test_the_reminder_comes_at_its_moment_once_to_the_handler(city: City) -> None:
    k = received_monday(city)
    services.case_accept(actor=city.users["chair_u1"], case=k)
    # wage arrears, general: due 16 March, reminder 2 working days before: Thursday 12 March 00:00.
    assert timezone.localtime(k.remind_at).isoformat() == "2026-03-12T00:00:00+08:00"
    assert sweep_at(datetime(2026, 3, 11, 23, 59, tzinfo=SHANGHAI))["reminded"] == 0
    assert sweep_at(datetime(2026, 3, 12, 0, 1, tzinfo=SHANGHAI))["reminded"] == 1
    assert sweep_at(datetime(2026, 3, 13, 9, 0, tzinfo=SHANGHAI))["reminded"] == 0
    reminders = Notification.objects.filter(kind="rights.case_due_soon")
    assert [n.user.username for n in reminders] == ["chair_u1"]
    assert "3月16日" in reminders[0].title


def test_without_a_handler_the_reminder_goes_to_the_handling_unit(city: City) -> None:
    received_monday(city)
    sweep_at(datetime(2026, 3, 12, 8, 0, tzinfo=SHANGHAI))
    assert set(Notification.objects.filter(kind="rights.case_due_soon").values_list("user__username", flat=True)) == {
        "chair_u1"
    }


def test_reminders_go_by_text_and_e_mail_through_the_pluggable_backends(city: City, settings: object) -> None:
    from unionhall.notifications.channels import MemoryEmailBackend
    from unionhall.notifications.sms import MemoryBackend

    settings.SMS_BACKEND = "unionhall.notifications.sms.MemoryBackend"  # type: ignore[attr-defined]
    settings.NOTIFY_EMAIL_BACKEND = "unionhall.notifications.channels.MemoryEmailBackend"  # type: ignore[attr-defined]
    MemoryBackend.outbox.clear()
    MemoryEmailBackend.outbox.clear()
    chair = city.users["chair_u1"]
    chair.phone, chair.email = "13800000001", "chair@example.cn"
    chair.save()
    k = received_monday(city)
    with pytest.MonkeyPatch.context() as mp, time_machine.travel(datetime(2026, 3, 12, 8, 0, tzinfo=SHANGHAI)):
        # the test runs in one transaction: run the on-commit hooks as they are registered
        mp.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
        deadline_sweep(actor=SWEEPER)
    assert [p for p, _ in MemoryBackend.outbox] == ["13800000001"]
    assert k.no in MemoryBackend.outbox[0][1]
    assert [a for a, _, _ in MemoryEmailBackend.outbox] == ["chair@example.cn"]


# --- escalation --------------------------------------------------------------------------------------


def test_an_overdue_case_is_escalated_to_the_upper_federation_exactly_once(city: City) -> None:
    k = received_monday(city)
    assert sweep_at(datetime(2026, 3, 16, 23, 59, tzinfo=SHANGHAI))["escalated"] == 0  # due at 23:59:59
    before = AuditEvent.objects.filter(action="case.escalate").count()
    assert sweep_at(datetime(2026, 3, 17, 0, 0, 30, tzinfo=SHANGHAI))["escalated"] == 1
    for later in (timedelta(minutes=15), timedelta(days=1), timedelta(days=30)):
        assert sweep_at(datetime(2026, 3, 17, 0, 1, tzinfo=SHANGHAI) + later)["escalated"] == 0
    k.refresh_from_db()
    assert k.escalated_to == city.t1 and k.escalated_at is not None
    assert AuditEvent.objects.filter(action="case.escalate").count() == before + 1
    assert k.events.filter(kind="escalate").count() == 1
    told = set(Notification.objects.filter(kind="rights.case_overdue").values_list("user__username", flat=True))
    assert told == {"cadre_t1"}


def test_a_reopened_case_that_breaches_again_is_escalated_again(city: City) -> None:
    k = received_monday(city)
    sweep_at(datetime(2026, 3, 18, 9, 0, tzinfo=SHANGHAI))
    with time_machine.travel(datetime(2026, 3, 19, 9, 0, tzinfo=SHANGHAI), tick=False):
        closed = services.case_close(actor=city.users["chair_u1"], case=k, outcome="已补发")
        reopened = services.case_reopen(actor=city.users["chair_u1"], case=closed, reason="仍欠一个月")
    assert reopened.escalated_at is None
    assert sweep_at(reopened.due_at - timedelta(minutes=1))["escalated"] == 0
    assert sweep_at(reopened.due_at + timedelta(minutes=1))["escalated"] == 1
    assert Case.objects.get(pk=k.pk).events.filter(kind="escalate").count() == 2


def test_a_closed_or_withdrawn_case_is_never_reminded_or_escalated(city: City) -> None:
    received_monday(city, status=CaseStatus.CLOSED)
    received_monday(city, status=CaseStatus.WITHDRAWN)
    assert sweep_at(datetime(2026, 6, 1, tzinfo=SHANGHAI)) == {"reminded": 0, "escalated": 0, "risks_overdue": 0}


def test_a_case_at_a_district_escalates_to_the_city(city: City) -> None:
    with time_machine.travel(MONDAY, tick=False):
        k = case(city.d1, employer=None)
    sweep_at(k.due_at + timedelta(seconds=1))
    k.refresh_from_db()
    assert k.escalated_to == city.city


def test_the_command_runs_the_sweep_and_prints_its_counts(city: City) -> None:
    received_monday(city)
    out = StringIO()
    with time_machine.travel(datetime(2026, 4, 1, tzinfo=SHANGHAI), tick=False):
        call_command("rights_deadlines", stdout=out)
    assert json.loads(out.getvalue()) == {"escalated": 1, "reminded": 0, "risks_overdue": 0}


# --- risk acknowledgement windows ---------------------------------------------------------------------


@pytest.mark.parametrize(("level", "hours"), [("blue", 72), ("yellow", 24), ("orange", 12), ("red", 2)])
def test_each_risk_level_has_its_acknowledgement_window(city: City, level: str, hours: int) -> None:
    with time_machine.travel(MONDAY, tick=False):
        report = risk(city.u1, level=level)
    assert report.ack_due_at == MONDAY + timedelta(hours=hours)
    assert sweep_at(MONDAY + timedelta(hours=hours, seconds=-1))["risks_overdue"] == 0
    assert sweep_at(MONDAY + timedelta(hours=hours, seconds=1))["risks_overdue"] == 1
    assert sweep_at(MONDAY + timedelta(hours=hours + 5))["risks_overdue"] == 0
    told = set(Notification.objects.filter(kind="rights.risk_ack_overdue").values_list("user__username", flat=True))
    assert told == {"cadre_t1"}


def test_a_changed_window_applies_to_reports_filed_after_the_change(city: City) -> None:
    RiskLevelRule.objects.filter(level=RiskLevel.RED).update(ack_hours=1)
    with time_machine.travel(MONDAY, tick=False):
        assert risk(city.u1, level="red").ack_due_at == MONDAY + timedelta(hours=1)


def test_a_report_acknowledged_in_time_is_never_flagged(city: City) -> None:
    with time_machine.travel(MONDAY, tick=False):
        report = risk(city.u1, level="red")
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        risk_acknowledge(actor=city.users["cadre_t1"], report=report)
    assert sweep_at(MONDAY + timedelta(days=5))["risks_overdue"] == 0
    report.refresh_from_db()
    assert report.ack_overdue_at is None


def test_a_late_acknowledgement_is_allowed_and_recorded_as_late(city: City) -> None:
    with time_machine.travel(MONDAY, tick=False):
        report = risk(city.u1, level="red")
    with time_machine.travel(MONDAY + timedelta(hours=3), tick=False):
        risk_acknowledge(actor=city.users["cadre_t1"], report=report)
    assert AuditEvent.objects.filter(action="risk.acknowledge").latest("id").changes["late"] is True
    assert RiskReport.objects.get(pk=report.pk).status == "acknowledged"
