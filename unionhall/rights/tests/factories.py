"""Test helpers of the rights tests: a case in a given state at a given union (through the intake service, so
due dates follow the rules), and a risk report — shared by the service, page, API and portal tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.core.actors import SystemActor
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.rights import services
from unionhall.rights.models import Case, CaseShare, CaseStatus, RiskReport
from unionhall.rights.risk_services import risk_report_file

FACTORY = SystemActor("test-factory")


def case(
    org: OrgUnit,
    *,
    status: str = CaseStatus.RECEIVED,
    employer: Employer | None = None,
    category: str = "wage_arrears",
    complexity: str = "general",
    summary: str = "拖欠三个月工资",
    shared_with: OrgUnit | None = None,
    **extra: Any,
) -> Case:
    """A case handled at `org` (an employer, when given, must be covered by it or routing moves the case)."""
    data = services.CaseIntake(
        category=category,
        complexity=complexity,
        summary=summary,
        contact_name="王师傅",
        contact_phone="13900001111",
        source="hotline",
        employer=employer,
        employer_text="" if employer else "某建筑劳务公司",
        person=extra.pop("person", None),
    )
    c = services.case_create(actor=FACTORY, intake_org=org, data=data, **extra)
    if status != CaseStatus.RECEIVED:
        closed = timezone.now() if status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN) else None
        Case.objects.filter(pk=c.pk).update(status=status, closed_at=closed)
        c.refresh_from_db()
    if shared_with is not None:
        CaseShare.objects.create(case=c, org=shared_with)
    return c


def risk(org: OrgUnit, *, level: str = "orange", kind: str = "arrears", **extra: Any) -> RiskReport:
    return risk_report_file(
        actor=FACTORY, org=org, kind=kind, level=level, description="连续两个月未发工资，职工情绪不稳", **extra
    )
