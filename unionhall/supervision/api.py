"""/api/v1/supervision/: supervised tasks in reach (a liaison: its department's), one task with its record,
a progress note and closing with evidence; the member departments in reach. Scoped like the pages (a task of
another district answers 404, exactly like a missing one); every write through supervision.services.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from unionhall.api.routes import listed
from unionhall.core.errors import NotFound
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.people import person_label
from unionhall.supervision import selectors, services, sources
from unionhall.supervision.models import Department, SupervisedTask, TaskStatus
from unionhall.workcalendar import workdays

router = Router(tags=["督办"])


class TaskOut(Schema):
    id: int
    title: str
    org: int = Field(description="涉及单位的 id", validation_alias="org_id")
    org_name: str
    source_kind: str = Field(description="来源类型代码，如 manual（手工交办）")
    source_label: str
    responsible: str = Field(description="责任方：干部姓名（单位+角色）或成员单位简称")
    department: int | None = Field(None, description="责任单位（成员单位）的 id", validation_alias="department_id")
    starts_on: date
    due_on: date
    status: str = Field(description="open 待办理 · in_progress 办理中 · done 已办结 · cancelled 已撤销")
    overdue: bool
    closed_at: datetime | None
    evidence: str

    @staticmethod
    def resolve_org_name(obj: SupervisedTask) -> str:
        return obj.org.name

    @staticmethod
    def resolve_responsible(obj: SupervisedTask) -> str:
        if obj.department is not None:
            return obj.department.short_name
        return person_label(obj.responsible_user) if obj.responsible_user is not None else ""

    @staticmethod
    def resolve_overdue(obj: SupervisedTask) -> bool:
        return obj.status in selectors.ACTIVE and obj.due_on < workdays.today()


class TaskEventOut(Schema):
    step: str = Field(description="open 交办 · progress 进展 · close 办结 · cancel 撤销 · reopen 重新办理")
    at: datetime
    by: str
    text: str
    files: list[str]

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return person_label(obj.actor) if obj.actor is not None else obj.actor_name

    @staticmethod
    def resolve_files(obj: Any) -> list[str]:
        return [f.name for f in obj.files.all()]


class TaskDetailOut(TaskOut):
    detail: str
    source: str = Field(description="来源类型的中文名")
    events: list[TaskEventOut]

    @staticmethod
    def resolve_source(obj: SupervisedTask) -> str:
        return sources.kind(obj.source_kind).label

    @staticmethod
    def resolve_events(obj: SupervisedTask) -> list[Any]:
        return list(obj.events.select_related("actor").prefetch_related("files", "actor__grants__org"))


class TaskFilterQuery(Schema):
    status: TaskStatus | None = Field(None, description="只列此状态")
    overdue: bool = Field(False, description="只列超期未办结的")
    source_kind: str | None = Field(None, max_length=30, description="只列此来源类型")


class TaskProgressIn(Schema):
    text: str = Field(max_length=2000, description="办理进展")


class TaskCloseIn(Schema):
    evidence: str = Field(max_length=2000, description="办结情况（佐证材料文件请在页面上传）")


class LiaisonOut(Schema):
    name: str
    post: str
    phone: str = Field(description="联系电话（脱敏）", validation_alias="phone_masked")


class DepartmentOut(Schema):
    id: int
    org: int = Field(description="所属工会的 id", validation_alias="org_id")
    org_name: str
    name: str
    short_name: str
    active: bool
    liaisons: list[LiaisonOut]

    @staticmethod
    def resolve_org_name(obj: Department) -> str:
        return obj.org.name

    @staticmethod
    def resolve_liaisons(obj: Department) -> list[Any]:
        return [c for c in obj.liaisons.all() if c.active]


def _sees_tasks(user: Any) -> None:
    if not (access.has_cap_anywhere(user, Cap.TASK_VIEW) or selectors.is_liaison(user)):
        raise NotFound()


@router.get("/supervision/tasks/", response=list[TaskOut], summary="督办事项列表（权限范围内；联络人：本单位的）")
@listed()
def task_list(request: HttpRequest, filters: Query[TaskFilterQuery]) -> QuerySet[SupervisedTask]:
    _sees_tasks(request.user)
    qs = selectors.tasks_for(request.user).select_related("org", "department", "responsible_user")
    qs = qs.prefetch_related("responsible_user__grants__org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = selectors.overdue(qs)
    if filters.source_kind:
        qs = qs.filter(source_kind=filters.source_kind)
    return qs.order_by("due_on", "id")


@router.get("/supervision/tasks/{task_id}", response=TaskDetailOut, summary="督办事项详情与办理记录")
def task_detail(request: HttpRequest, task_id: int) -> SupervisedTask:
    return selectors.task_for_user_or_404(request.user, task_id)


@router.post("/supervision/tasks/{task_id}/progress", response=TaskDetailOut, summary="记录办理进展")
def task_progress(request: HttpRequest, task_id: int, payload: TaskProgressIn) -> SupervisedTask:
    task = selectors.task_for_user_or_404(request.user, task_id)
    services.task_progress(actor=request.user, task=task, text=payload.text)
    return selectors.task_for_user_or_404(request.user, task_id)


@router.post("/supervision/tasks/{task_id}/close", response=TaskDetailOut, summary="办结（须写明办结情况）")
def task_close(request: HttpRequest, task_id: int, payload: TaskCloseIn) -> SupervisedTask:
    task = selectors.task_for_user_or_404(request.user, task_id)
    services.task_close(actor=request.user, task=task, evidence=payload.evidence)
    return selectors.task_for_user_or_404(request.user, task_id)


@router.get("/supervision/departments/", response=list[DepartmentOut], summary="联席会议成员单位（权限范围内）")
@listed(Cap.TASK_VIEW)
def department_list(request: HttpRequest) -> QuerySet[Department]:
    return selectors.departments_for(request.user).select_related("org").prefetch_related("liaisons")
