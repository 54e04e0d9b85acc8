"""/api/v1/meetings/ and /api/v1/resolutions/: joint meetings in reach, registering one, holding or cancelling
it (the kernel's steps), its agenda (each item with its `kind` and the id of what it points at), recording a
resolution (which opens its supervised task),
and a resolution's progress and closing, which are its task's (supervision.services). Scoped like the pages:
a meeting of another district answers 404, exactly like a missing one; a department's liaison finds only its
department's resolutions.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from unionhall.api.routes import listed
from unionhall.core.errors import NotFound, ValidationError
from unionhall.meetings import agenda, selectors, services
from unionhall.meetings.models import Meeting, Resolution
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.supervision import selectors as tasks
from unionhall.supervision import services as task_services
from unionhall.workcalendar import workdays

router = Router(tags=["联席会议"])


class MeetingOut(Schema):
    id: int
    org: int = Field(description="召集单位（总工会）的 id", validation_alias="org_id")
    org_name: str
    date: date
    title: str
    place: str
    status: str = Field(description="planned 筹备中 · held 已召开 · cancelled 已取消")
    departments: list[int] = Field(description="参会成员单位的 id")

    @staticmethod
    def resolve_org_name(obj: Meeting) -> str:
        return obj.org.name

    @staticmethod
    def resolve_departments(obj: Meeting) -> list[int]:
        return [d.pk for d in obj.departments.all()]


class MeetingIn(Schema):
    org: int = Field(description="召集单位（市、区县或乡镇总工会）的 id")
    date: date
    title: str = Field(max_length=100, description="会议名称")
    place: str = Field("", max_length=100, description="会议地点")


class MeetingAgendaItemOut(Schema):
    kind: str = Field(description="risk 风险预警 · coverage_gap 建会空白 · resolution 往次未办结决议 · manual 临时议题")
    ref: str = Field(
        description="所指对象的 id（风险预警、用人单位、决议）；未建会村（社区）为其区划代码；临时议题为空"
    )
    title: str
    link: str = Field(description="所指对象的页面地址")
    overdue: bool = Field(description="往次决议已超期")


class MeetingAgendaOut(Schema):
    meeting: int = Field(description="联席会议的 id")
    frozen: bool = Field(description="会议已召开（或已取消）：议题已定稿；否则按当前数据生成")
    items: list[MeetingAgendaItemOut]


class ResolutionOut(Schema):
    id: int
    meeting: int = Field(description="联席会议的 id", validation_alias="meeting_id")
    number: int
    title: str
    detail: str
    department: int = Field(description="责任单位（成员单位）的 id", validation_alias="department_id")
    department_name: str
    due_on: date
    task: int = Field(description="督办事项的 id", validation_alias="task_id")
    status: str = Field(description="督办事项的状态：open 待办理 · in_progress 办理中 · done 已办结 · cancelled 已撤销")
    overdue: bool

    @staticmethod
    def resolve_department_name(obj: Resolution) -> str:
        return obj.department.short_name

    @staticmethod
    def resolve_status(obj: Resolution) -> str:
        return obj.task.status if obj.task is not None else ""

    @staticmethod
    def resolve_overdue(obj: Resolution) -> bool:
        task = obj.task
        return task is not None and task.status in tasks.ACTIVE and task.due_on < workdays.today()


class ResolutionIn(Schema):
    title: str = Field(max_length=200, description="决议事项")
    department: int = Field(description="责任单位（成员单位）的 id")
    due_on: date = Field(description="办理期限")
    detail: str = Field("", max_length=2000, description="具体要求")


class ResolutionProgressIn(Schema):
    text: str = Field(max_length=2000, description="办理进展")


class ResolutionCloseIn(Schema):
    evidence: str = Field(max_length=2000, description="办结情况")


class MeetingCancelIn(Schema):
    reason: str = Field(max_length=500, description="取消原因")


@router.get("/meetings/", response=list[MeetingOut], summary="联席会议列表（权限范围内）")
@listed(Cap.TASK_VIEW)
def meeting_list(request: HttpRequest) -> QuerySet[Meeting]:
    return selectors.meetings_for(request.user).select_related("org").prefetch_related("departments")


@router.post("/meetings/", response={201: MeetingOut}, summary="登记联席会议（召集单位须为总工会）")
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Status:
    unit = OrgUnit.objects.filter(pk=payload.org).first()
    if unit is None:
        raise NotFound()
    meeting = services.meeting_create(
        actor=request.user, org=unit, title=payload.title, date=payload.date, place=payload.place
    )
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}/agenda", response=MeetingAgendaOut, summary="联席会议议题（召开前按当前数据生成）")
def meeting_agenda(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = selectors.meeting_for_user_or_404(request.user, meeting_id)
    items = [
        {"kind": i.kind, "ref": i.ref, "title": i.title, "link": i.link, "overdue": i.overdue}
        for i in agenda.items(meeting)
    ]
    return {"meeting": meeting.pk, "frozen": meeting.status != "planned", "items": items}


@router.post("/meetings/{meeting_id}/hold", response=MeetingOut, summary="登记召开（议题按当前数据定稿）")
def meeting_hold(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_for_user_or_404(request.user, meeting_id)
    services.meeting_hold(actor=request.user, meeting=meeting)
    return selectors.meeting_for_user_or_404(request.user, meeting_id)


@router.post("/meetings/{meeting_id}/cancel", response=MeetingOut, summary="取消会议（须写明原因）")
def meeting_cancel(request: HttpRequest, meeting_id: int, payload: MeetingCancelIn) -> Meeting:
    meeting = selectors.meeting_for_user_or_404(request.user, meeting_id)
    services.meeting_cancel(actor=request.user, meeting=meeting, reason=payload.reason)
    return selectors.meeting_for_user_or_404(request.user, meeting_id)


@router.post(
    "/meetings/{meeting_id}/resolutions",
    response={201: ResolutionOut},
    summary="登记决议（同时交办责任单位督办）",
)
def resolution_record(request: HttpRequest, meeting_id: int, payload: ResolutionIn) -> Status:
    meeting = selectors.meeting_for_user_or_404(request.user, meeting_id)
    access.require(request.user, Cap.TASK_MANAGE, meeting.org, obj=meeting)
    department = tasks.departments_serving(meeting.org).filter(pk=payload.department).first()
    if department is None:
        raise ValidationError(field_errors={"department": ["没有这个成员单位，或它不属于本级或上级联席会议。"]})
    resolution = services.resolution_record(
        actor=request.user,
        meeting=meeting,
        title=payload.title,
        department=department,
        due_on=payload.due_on,
        detail=payload.detail,
    )
    return Status(201, selectors.resolution_for_user_or_404(request.user, resolution.pk))


@router.get("/resolutions/", response=list[ResolutionOut], summary="联席会议决议列表（权限范围内；联络人：本单位的）")
@listed()
def resolution_list(request: HttpRequest) -> QuerySet[Resolution]:
    if not (access.has_cap_anywhere(request.user, Cap.TASK_VIEW) or tasks.is_liaison(request.user)):
        raise NotFound()
    qs = selectors.resolutions_for(request.user).select_related("department", "task")
    return qs.order_by("-meeting__date", "meeting_id", "number")


def _task_of(request: HttpRequest, resolution_id: int) -> Any:
    resolution = selectors.resolution_for_user_or_404(request.user, resolution_id)
    if resolution.task is None:
        raise NotFound()
    return resolution.task


@router.post("/resolutions/{resolution_id}/progress", response=ResolutionOut, summary="记录决议办理进展")
def resolution_progress(request: HttpRequest, resolution_id: int, payload: ResolutionProgressIn) -> Resolution:
    task_services.task_progress(actor=request.user, task=_task_of(request, resolution_id), text=payload.text)
    return selectors.resolution_for_user_or_404(request.user, resolution_id)


@router.post("/resolutions/{resolution_id}/close", response=ResolutionOut, summary="决议办结（须写明办结情况）")
def resolution_close(request: HttpRequest, resolution_id: int, payload: ResolutionCloseIn) -> Resolution:
    task_services.task_close(actor=request.user, task=_task_of(request, resolution_id), evidence=payload.evidence)
    return selectors.resolution_for_user_or_404(request.user, resolution_id)
