"""Builders of the lives in rights for the generic walk of every workflow table (unionhall/workflow/tests):
a case handled at the grassroots union, with a mediation on file (ending a mediation needs one), taken by
its chair."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from conftest import City
from unionhall.rights.models import Mediation
from unionhall.rights.tests.factories import case
from unionhall.workflow.kernel import Transition
from unionhall.workflow.tests.kit import Setup


def a_case(c: City, status: str, t: Transition) -> Setup:
    k = case(c.u1, employer=c.e1, status=status)
    Mediation.objects.create(case=k, held_on=timezone.localdate(), mediator="李调解", result="agreed")
    params = {"outcome": "单位已补发工资", "wages_recovered": "6800.50"} if t.name == "close" else {}
    return Setup(obj=k, actor=c.users["chair_u1"], params=params)


BUILDERS: dict[str, Any] = {"case": a_case}
