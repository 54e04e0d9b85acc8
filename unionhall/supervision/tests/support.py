"""What supervision's own tests share: 东区's departments with 人社局's liaison login, and tasks in any status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from unionhall.orgs.models import OrgUnit
from unionhall.supervision import services, sources
from unionhall.supervision.models import Department, Liaison, SupervisedTask, TaskStatus
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City


@dataclass
class Departments:
    rs: Department  # 东区 人社局, whose liaison is the city's `liaison_d1`
    zj: Department  # 东区 住建局
    west: Department  # 西区 人社局


def departments(c: City) -> Departments:
    rs = Department.objects.create(org=c.d1, name="东区人力资源和社会保障局", short_name="人社局")
    zj = Department.objects.create(org=c.d1, name="东区住房和城乡建设局", short_name="住建局")
    west = Department.objects.create(org=c.d2, name="西区人力资源和社会保障局", short_name="人社局")
    Liaison.objects.create(department=rs, name="孙联络", post="科长", phone="13900001111", user=c.users["liaison_d1"])
    Liaison.objects.create(department=zj, name="周联络", post="科员", phone="0512-68123456")
    return Departments(rs, zj, west)


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
