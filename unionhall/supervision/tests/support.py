"""What supervision's own tests share: tasks in any status (the departments come from the test kit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.orgs.models import OrgUnit
from unionhall.supervision import services, sources
from unionhall.supervision.models import Department, SupervisedTask, TaskStatus
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import departments

__all__ = ["departments", "task"]


def task(
    c: City,
    *,
    department: Department | None = None,
    user: Any = None,
    org: OrgUnit | None = None,
    status: str = TaskStatus.OPEN,
    due_on: date | None = None,
    due_workdays: int | None = 5,
    title: str = "落实欠薪线索核查",
) -> SupervisedTask:
    """A task opened by the system about T1 (unless `org`), given to `department`, else to `user` (cadre_t1)."""
    if department is None and user is None:
        user = c.users["cadre_t1"]
    made = services.task_open(
        actor=SYSTEM,
        org=org or c.t1,
        title=title,
        source=sources.Source("manual"),
        responsible_user=user if department is None else None,
        department=department,
        due_on=due_on,
        due_workdays=None if due_on is not None else due_workdays,
    )
    if status != TaskStatus.OPEN:
        SupervisedTask.objects.filter(pk=made.pk).update(status=status)
        made.refresh_from_db()
    return made
