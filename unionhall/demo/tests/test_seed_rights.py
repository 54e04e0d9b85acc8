"""seed_demo's rights data: forty cases in every status and category with overdue, escalated, shared, mediated
and closed ones, the 2026 holidays (from the calendar, not typed in), risk reports at every level and status — the same for the same seed, and
a second seed changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from unionhall.core.errors import Conflict
from unionhall.demo.rights import seed_rights
from unionhall.demo.seed import seed_demo
from unionhall.orgs.models import OrgUnit
from unionhall.rights import selectors
from unionhall.rights.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CaseShare,
    CaseStatus,
    Mediation,
    RiskLevel,
    RiskReport,
    RiskStatus,
)
from unionhall.workcalendar import workdays
from unionhall.workcalendar.models import Holiday

DAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def fingerprint() -> list[tuple[Any, ...]]:
    """What the demo put in, without ids and clock times (sequences and the clock move between runs)."""
    cases = [
        (c.category, c.complexity, c.status, c.org.code, c.employer_text, c.wages_recovered_fen, c.satisfaction)
        for c in Case.objects.select_related("org").order_by("id")
    ]
    shares = [(s.case.summary, s.org.code if s.org else s.partner_name) for s in CaseShare.objects.order_by("id")]
    risks = [(r.org.code, r.kind, r.level, r.status) for r in RiskReport.objects.select_related("org").order_by("id")]
    holidays = list(Holiday.objects.values_list("day", "is_workday", "name"))
    counts = (CaseEvent.objects.count(), Mediation.objects.count())
    return [*cases, *shares, *risks, *holidays, counts]


@pytest.fixture
def demo() -> None:
    seed_demo(members=400, seed=7, today=DAY)


@pytest.mark.usefixtures("demo")
def test_the_demo_has_cases_in_every_status_and_category_in_the_demo_district() -> None:
    district = OrgUnit.objects.get(code="SZ-GS")
    assert 35 <= Case.objects.count() <= 45
    assert not Case.objects.exclude(org__path__startswith=district.path).exists()
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("category", flat=True)) == set(CaseCategory.values)
    assert Case.objects.filter(org__code="SZ-GS-01-E01").count() >= 5  # chair_demo has her own to handle
    assert Case.objects.values("org").distinct().count() >= 6


@pytest.mark.usefixtures("demo")
def test_the_demo_has_overdue_escalated_shared_mediated_and_closed_cases() -> None:
    overdue = selectors.overdue_cases(Case.objects.all())
    assert overdue.count() >= 3
    assert not overdue.filter(escalated_at__isnull=True).exists()  # the sweep ran: each breach escalated
    assert CaseEvent.objects.filter(kind="escalate").count() == overdue.count()
    shares = CaseShare.objects.filter(revoked_at__isnull=True)
    assert shares.filter(org__isnull=False).count() >= 3
    partner = shares.get(partner_name="四川省广安市总工会")
    assert partner.partner_contact
    for share in shares.filter(org__isnull=False).select_related("case__org", "org"):
        assert share.org is not None and not share.case.org.path.startswith(
            share.org.path
        )  # a second unit, not one above the case
    assert Mediation.objects.filter(case__status=CaseStatus.MEDIATING).exists()
    assert Mediation.objects.filter(result="agreed", case__status=CaseStatus.CLOSED).exists()
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    assert closed.count() >= 10
    assert closed.filter(category="wage_arrears", wages_recovered_fen__gt=0).count() >= 5
    assert set(closed.exclude(satisfaction=None).values_list("satisfaction", flat=True)) >= {2, 3, 4, 5}
    assert Case.objects.filter(legal_aid=True).exists()
    assert CaseEvent.objects.filter(kind="transfer").exists()


@pytest.mark.usefixtures("demo")
def test_old_cases_are_dated_back_over_the_year_with_due_dates_from_the_rules() -> None:
    now = timezone.now()
    oldest = Case.objects.order_by("received_at").first()
    assert oldest is not None and (now - oldest.received_at).days >= 300
    months = {timezone.localtime(c.received_at).strftime("%Y-%m") for c in Case.objects.all()}
    assert len(months) >= 8
    for case in Case.objects.all():
        assert case.received_at < case.due_at
        if case.status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
            assert case.closed_at is not None and case.received_at <= case.closed_at <= now
        first = case.events.order_by("id").first()
        assert first is not None and first.kind == "create" and first.at == case.received_at


@pytest.mark.usefixtures("demo")
def test_the_2026_holidays_follow_the_state_council_notice() -> None:
    """The demo types no holidays in: the calendar knows 2026 from the State Council's notice."""
    assert not Holiday.objects.exists()
    year = workdays.calendar_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    days_off = {d for d in days if d.weekday() < 5 and not year.is_working_day(d)}
    worked = {d for d in days if d.weekday() >= 5 and year.is_working_day(d)}
    assert {dt.date(2026, 1, 1), dt.date(2026, 2, 16), dt.date(2026, 2, 23), dt.date(2026, 10, 7)} <= days_off
    assert worked == {
        dt.date(2026, 1, 4),
        dt.date(2026, 2, 14),
        dt.date(2026, 2, 28),
        dt.date(2026, 5, 9),
        dt.date(2026, 9, 20),
        dt.date(2026, 10, 10),
    }
    assert len(days_off) == 19  # 2 + 6 + 1 + 3 + 1 + 1 + 5 weekdays off


@pytest.mark.usefixtures("demo")
def test_the_demo_has_risk_reports_at_every_level_and_status() -> None:
    assert 6 <= RiskReport.objects.count() <= 10
    assert set(RiskReport.objects.values_list("level", flat=True)) == set(RiskLevel.values)
    assert set(RiskReport.objects.values_list("status", flat=True)) == set(RiskStatus.values)
    late = RiskReport.objects.filter(status=RiskStatus.REPORTED, ack_overdue_at__isnull=False)
    assert late.count() == 1  # flagged once by the sweep
    assert RiskReport.objects.filter(reported_by__username="info_demo").count() >= 2


@pytest.mark.usefixtures("demo")
def test_seeding_twice_changes_nothing() -> None:
    before = fingerprint()
    with pytest.raises(Conflict):
        seed_demo(members=400, seed=7, today=DAY)
    assert seed_rights(rng=random.Random(7))["rights_cases"] == Case.objects.count()
    assert fingerprint() == before


def seeded(seed: int) -> list[tuple[Any, ...]]:
    with transaction.atomic():
        seed_demo(members=150, seed=seed, today=DAY)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_cases() -> None:
    assert seeded(3) == seeded(3)
