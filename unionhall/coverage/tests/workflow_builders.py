"""Builder of the organizing task's life for the generic walk of every workflow table
(unionhall/workflow/tests): the task generated for 东区未建会商贸公司 (E0, no union) at the street, with
the union that closes it already covering the employer, in the status asked for; the street's cadre acts."""

from __future__ import annotations

from typing import Any

from unionhall.coverage import services
from unionhall.coverage.models import OrganizingTask
from unionhall.orgs.models import Employer
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_task(c: City, status: str, t: Transition) -> Setup:
    services.organizing_tasks_generate(actor=SYSTEM, org=c.t1)
    task = OrganizingTask.objects.get(employer=c.e0)
    Employer.objects.filter(pk=c.e0.pk).update(union=c.u1)
    OrganizingTask.objects.filter(pk=task.pk).update(status=status)
    task.refresh_from_db()
    return Setup(obj=task, actor=c.users["cadre_t1"])


BUILDERS: dict[str, Any] = {"organizing_task": a_task}
