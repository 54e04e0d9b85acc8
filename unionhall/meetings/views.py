"""Pages of joint meetings: the list in reach (filters, sort, Excel), a meeting's page (agenda, attendees,
resolutions with their task's status, minutes), the forms that register and change a meeting, add an item by
hand, record a resolution and the minutes, hold or cancel it, and the agenda and minutes PDFs. Thin: parse,
call selectors/services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.paging import sortable
from unionhall.documents import uploads
from unionhall.meetings import agenda, selectors, services, workflow
from unionhall.meetings.forms import (
    ItemForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    NewMeetingForm,
    ReasonForm,
    ResolutionForm,
)
from unionhall.meetings.models import AgendaItem, Meeting, MeetingStatus, Resolution
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.models import path_chain
from unionhall.orgs.pickers import bind_pickers
from unionhall.supervision import selectors as tasks
from unionhall.supervision.models import Department
from unionhall.workcalendar import workdays
from unionhall.workflow import kernel


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


# --- the list ---------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[MeetingFilterForm, QuerySet[Meeting]]:
    form, chosen = bind_chosen(request, MeetingFilterForm, Cap.TASK_VIEW, noun="单位")
    qs = selectors.meetings_for(request.user)
    qs = under_chosen(qs, chosen)
    v = chosen.values
    if v.get("status"):
        qs = qs.filter(status=v["status"])
    if v.get("year"):
        qs = qs.filter(date__year=v["year"])
    if v.get("q"):
        qs = qs.filter(title__contains=v["q"].strip())
    return form, qs


def _fetch(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.select_related("org").prefetch_related("departments", "resolutions__task")


def _open_count(m: Meeting) -> int:
    return sum(1 for r in m.resolutions.all() if r.task is not None and r.task.status in tasks.ACTIVE)


COLUMNS: list[Column] = [
    ("编号", lambda m: m.pk),
    ("会议名称", lambda m: m.title),
    ("召集单位", lambda m: m.org.name),
    ("会议日期", lambda m: m.date.isoformat()),
    ("会议地点", lambda m: m.place),
    ("参会成员单位", lambda m: "、".join(d.short_name for d in m.departments.all())),
    ("状态", lambda m: m.get_status_display()),
    ("决议", lambda m: len(m.resolutions.all())),
    ("未办结决议", _open_count),
]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {
        "can_create": access.has_cap_anywhere(request.user, Cap.TASK_MANAGE),
        "open_counts": {m.pk: _open_count(m) for m in page},
    }


MEETINGS = ListPage(
    guard=access.needs(Cap.TASK_VIEW),
    rows=_filtered,
    sorts=sortable("title", "status", date="date", org="org__path"),
    default="-date",
    template="meetings/meeting_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="联席会议", action="meeting.export", columns=lambda now: COLUMNS, fetch=_fetch),
)
meeting_list = list_view(MEETINGS)
meeting_export = export_view(MEETINGS)


# --- registering and changing a meeting ----------------------------------------------------------------


def _departments_in_reach(user: Any) -> dict[int, Department]:
    """The departments a new meeting may invite: those of the federations in reach or above (the service
    checks each serves the chosen host)."""
    reach = access.reach(user, Cap.TASK_MANAGE)
    above = {p for top in reach.paths for p in path_chain(top)}
    qs = Department.objects.filter(reach.q("org__path") | Q(org__path__in=above), active=True).select_related("org")
    return {d.pk: d for d in qs}


def _choices(departments: dict[int, Department]) -> list[tuple[int, str]]:
    return [(pk, f"{d.org.name} {d.short_name}") for pk, d in departments.items()]


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.TASK_MANAGE, seen=Cap.TASK_VIEW)
    departments = _departments_in_reach(request.user)
    form = bind_pickers(NewMeetingForm(request.POST or None, departments=_choices(departments)), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {
            "org": data.get("org"),
            "title": data.get("title") or "",
            "date": data.get("date"),
            "place": data.get("place") or "",
            "attendees": data.get("attendees") or "",
            "departments": [departments[pk] for pk in data.get("departments") or [] if pk in departments],
        }
        add_further_errors(form, services.meeting_problems(**values))
    done = actions.submit(
        request,
        form,
        lambda d: services.meeting_create(actor=request.user, **values),
        success=lambda m: f"已登记：{m.title}。议题已按数据生成，召开前可随时查看与补充。",
        to=meeting_url,
    )
    context = {"title": "登记联席会议", "button": "登记", "back": reverse("meetings:list")}
    return done or render(request, "meetings/form.html", {"form": form, **context})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _kept(request, pk)
    departments = {d.pk: d for d in tasks.departments_serving(meeting.org)}
    initial = {
        "title": meeting.title,
        "date": meeting.date,
        "place": meeting.place,
        "attendees": meeting.attendees,
        "departments": [d.pk for d in meeting.departments.all()],
    }
    form = MeetingForm(request.POST or None, initial=initial, departments=_choices(departments))
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {name: data.get(name) or "" for name in ("title", "place", "attendees")}
        values["date"] = data.get("date")
        chosen = [departments[pk] for pk in data.get("departments") or [] if pk in departments]
        add_further_errors(form, services.meeting_problems(org=meeting.org, departments=chosen, **values))
        values["departments"] = chosen
    run = lambda d: services.meeting_update(actor=request.user, meeting=meeting, **values)  # noqa: E731
    return _action(request, meeting, "修改会议信息", form, run, "会议信息已保存。")


# --- one meeting ------------------------------------------------------------------------------------


def _resolutions(meeting: Meeting) -> list[Resolution]:
    return list(meeting.resolutions.select_related("department__org", "task"))


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    manages = access.reach(request.user, Cap.TASK_MANAGE).covers(meeting.org.path)
    offered = kernel.available(meeting, request.user, workflow.TABLE)
    context = {
        "meeting": meeting,
        "items": agenda.items(meeting),
        "attendees": meeting.attendee_lines(),
        "departments": list(meeting.departments.select_related("org")),
        "resolutions": _resolutions(meeting),
        "files": list(meeting.files.all()),
        "steps": offered,
        "manages": manages,
        "planned": meeting.status == MeetingStatus.PLANNED,
        "held": meeting.status == MeetingStatus.HELD,
        "today": workdays.today(),
        "active": tasks.ACTIVE,
    }
    return render(request, "meetings/meeting_detail.html", context)


def _kept(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user keeps: 404 out of sight, 403 for who only reads it."""
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.TASK_MANAGE, meeting.org, obj=meeting)
    return meeting


def _action(
    request: HttpRequest,
    meeting: Meeting,
    title: str,
    form: Any,
    run: Any,
    success: actions.Said,
    step: Any = None,
) -> HttpResponse:
    """An action page of the meeting: the form, the service on a valid POST, back to the meeting."""
    url = meeting_url(meeting)
    done = actions.submit(request, form, run, success=success, to=url, conflict_to=url)
    context = {"form": form, "title": title, "button": title, "back": url, "meeting": meeting, "step": step}
    return done or render(request, "meetings/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _kept(request, pk)
    run = lambda d: services.agenda_item_add(actor=request.user, meeting=meeting, title=d["title"])  # noqa: E731
    return _action(request, meeting, "添加议题", ItemForm(request.POST or None), run, "议题已添加。")


def _item_of(request: HttpRequest, pk: int, item_pk: int) -> tuple[Meeting, AgendaItem]:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = meeting.items.filter(pk=item_pk).first()
    if item is None:
        raise NotFound()
    item.meeting = meeting
    return meeting, item


@require_POST
@login_required
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item_of(request, pk, item_pk)
    up = request.POST.get("direction") != "down"
    return actions.press(
        request,
        lambda: services.agenda_item_move(actor=request.user, item=item, up=up),
        success="议题顺序已调整。",
        to=meeting_url(meeting),
    )


@require_POST
@login_required
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item_of(request, pk, item_pk)
    return actions.press(
        request,
        lambda: services.agenda_item_remove(actor=request.user, item=item),
        success=f"已删除议题：{item.title}",
        to=meeting_url(meeting),
    )


@require_http_methods(["GET", "POST"])
@login_required
def resolution_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _kept(request, pk)
    departments = {d.pk: d for d in tasks.departments_serving(meeting.org)}
    form = ResolutionForm(request.POST or None, departments=_choices(departments))
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {
            "title": data.get("title") or "",
            "department": departments.get(data.get("department") or 0),
            "due_on": data.get("due_on"),
            "detail": data.get("detail") or "",
        }
        add_further_errors(form, services.resolution_problems(meeting=meeting, **values))
    return _action(
        request,
        meeting,
        "登记决议",
        form,
        lambda d: services.resolution_record(actor=request.user, meeting=meeting, **values),
        lambda r: f"已登记决议 {r.number}，已交办{r.department.short_name}督办，期限 {r.due_on:%Y-%m-%d}。",
    )


@require_http_methods(["GET", "POST"])
@login_required
def minutes_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _kept(request, pk)
    form = MinutesForm(request.POST or None, request.FILES or None, initial={"minutes": meeting.minutes})
    run = lambda d: services.minutes_record(actor=request.user, meeting=meeting, **d)  # noqa: E731
    return _action(request, meeting, "登记会议纪要", form, run, "会议纪要已保存。")


@require_http_methods(["POST"])
@login_required
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    return actions.press(
        request,
        lambda: services.meeting_hold(actor=request.user, meeting=meeting),
        success="已登记召开，本次会议的议题已定稿。",
        to=meeting_url(meeting),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    transition = workflow.TABLE.get("cancel")
    workflow.TABLE.require(request.user, meeting, transition)
    run = lambda d: services.meeting_cancel(actor=request.user, meeting=meeting, reason=d["reason"])  # noqa: E731
    form = ReasonForm(request.POST or None)
    return _action(request, meeting, transition.label, form, run, "会议已取消。", step=transition)


@require_GET
@login_required
def meeting_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    stored = selectors.minutes_file_for_user_or_404(request.user, meeting, file_pk)
    handle = services.minutes_file_download(actor=request.user, file=stored)
    return uploads.download_response(stored, handle)


@require_GET
@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A resolution: what was decided, by which meeting, and its task (a liaison sees this, not the meeting)."""
    resolution = selectors.resolution_for_user_or_404(request.user, pk)
    meeting = resolution.meeting
    context = {
        "r": resolution,
        "sees_meeting": access.reach(request.user, Cap.TASK_VIEW).covers(meeting.org.path),
        "today": workdays.today(),
        "active": tasks.ACTIVE,
    }
    return render(request, "meetings/resolution_detail.html", context)
