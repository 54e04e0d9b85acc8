"""Builders of the lives in rights for the generic walk of every workflow table (unionhall/workflow/tests):
a case handled at the grassroots union, with a mediation on file (ending a mediation needs one), taken by
its chair; a risk report filed at the grassroots union, handled by the street's federation above it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.rights.models import Mediation, RiskReport
from unionhall.tests.city import City
from unionhall.tests.factories import case, risk
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_case(c: City, status: str, t: Transition) -> Setup:
    k = case(c.u1, employer=c.e1, status=status)
    Mediation.objects.create(case=k, held_on=timezone.localdate(), mediator="李调解", result="agreed")
    params = {"outcome": "单位已补发工资", "wages_recovered": "6800.50"} if t.name == "close" else {}
    return Setup(obj=k, actor=c.users["chair_u1"], params=params)


def a_risk_report(c: City, status: str, t: Transition) -> Setup:
    report = risk(c.u1)
    RiskReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    params = {"follow_up": {"note": "已约谈企业负责人"}, "close": {"resolution": "工资已全部发放"}}.get(t.name, {})
    return Setup(obj=report, actor=c.users["cadre_t1"], params=params)  # the street: the federation above U1


BUILDERS: dict[str, Any] = {"case": a_case, "risk_report": a_risk_report}
