"""Pages of supervised tasks: the list in reach (filters, overdue, due soon, Excel), a task's page with its
step bar and the steps the user may take, each step's form, a file's download, and the form a federation
cadre opens a manual task with. Thin: parse, call selectors/services, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.paging import sortable
from unionhall.documents import uploads
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.models import Grant, path_chain
from unionhall.orgs.people import person_label
from unionhall.orgs.pickers import bind_pickers
from unionhall.supervision import selectors, services, sources, workflow
from unionhall.supervision.forms import (
    ACTIVE,
    CloseForm,
    ProgressForm,
    ReasonForm,
    ReopenForm,
    TaskFilterForm,
    TaskForm,
)
from unionhall.supervision.models import Department, SupervisedTask, TaskFile, TaskStatus
from unionhall.workcalendar import workdays
from unionhall.workflow import kernel

# --- the list ---------------------------------------------------------------------------------------


def _department_choices(user: Any) -> list[tuple[int, str]]:
    return [(d.pk, f"{d.org.name} {d.short_name}") for d in selectors.departments_for(user).select_related("org")]


def _filtered(request: HttpRequest) -> tuple[TaskFilterForm, QuerySet[SupervisedTask]]:
    user = request.user
    departments = _department_choices(user)
    form, chosen = bind_chosen(
        request, lambda data: TaskFilterForm(data, departments=departments), Cap.TASK_VIEW, noun="单位"
    )
    qs = selectors.tasks_for(user)
    qs = under_chosen(qs, chosen)
    v = chosen.values
    status = v.get("status") or (ACTIVE if not form.is_bound else "")
    if status == ACTIVE:
        qs = selectors.active(qs)
    elif status in TaskStatus.values:
        qs = qs.filter(status=status)
    if v.get("overdue"):
        qs = selectors.overdue(qs)
    if v.get("due_within") is not None:
        qs = selectors.due_within(qs, v["due_within"])
    responsible = v.get("responsible")
    if responsible == "mine":
        qs = selectors.mine(user, qs)
    elif responsible == "cadre":
        qs = qs.filter(responsible_user__isnull=False)
    elif responsible == "department":
        qs = qs.filter(department__isnull=False)
    if v.get("department"):
        qs = qs.filter(department_id=v["department"])
    if v.get("source"):
        qs = qs.filter(source_kind=v["source"])
    return form, qs


def _fetch(qs: QuerySet[SupervisedTask]) -> QuerySet[SupervisedTask]:
    return qs.select_related("org", "department__org", "responsible_user").prefetch_related(
        "responsible_user__grants__org"
    )


def responsible_name(task: SupervisedTask) -> str:
    if task.department is not None:
        return f"{task.department.org.name} {task.department.short_name}"
    return person_label(task.responsible_user) if task.responsible_user is not None else ""


def _columns(now: Any) -> list[Column]:
    today = workdays.localdate(now)
    return [
        ("编号", lambda t: t.pk),
        ("督办事项", lambda t: t.title),
        ("涉及单位", lambda t: t.org.name),
        ("来源", lambda t: sources.kind(t.source_kind).label),
        ("来源说明", lambda t: t.source_label),
        ("责任方", responsible_name),
        ("交办日期", lambda t: t.starts_on.isoformat()),
        ("办理期限", lambda t: t.due_on.isoformat()),
        ("状态", lambda t: t.get_status_display()),
        ("是否超期", lambda t: "是" if t.status in selectors.ACTIVE and t.due_on < today else "否"),
        ("办结情况", lambda t: t.evidence),
    ]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    seen = selectors.tasks_for(request.user)
    return {
        "today": workdays.today(),
        "active": selectors.ACTIVE,
        "kinds": {k.code: k.label for k in sources.kinds()},
        "overdue_count": selectors.overdue(seen).count(),
        "mine_count": selectors.active(selectors.mine(request.user, seen)).count(),
        "can_create": access.has_cap_anywhere(request.user, Cap.TASK_MANAGE),
    }


TASKS = ListPage(
    guard=access.needs(Cap.TASK_VIEW),
    rows=_filtered,
    sorts=sortable("title", "status", org="org__path", due="due_on", starts="starts_on"),
    default="due",
    template="supervision/task_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="督办事项", action="task.export", columns=_columns, fetch=_fetch),
)
task_list = list_view(TASKS)
task_export = export_view(TASKS)


# --- a manual task ----------------------------------------------------------------------------------


def _cadres(user: Any) -> dict[int, Any]:
    """Who a manual task may be given to: the cadres supervising tasks at the units in the user's reach or
    above them (the service checks the chosen one answers for the chosen unit)."""
    reach = access.reach(user, Cap.TASK_MANAGE)
    above = {p for top in reach.paths for p in path_chain(top)}
    grants = Grant.objects.filter(
        reach.q("org__path") | Q(org__path__in=above),
        role__in=access.roles_with(Cap.TASK_MANAGE),
        user__is_active=True,
        org__status="active",
    )
    return {g.user_id: g.user for g in grants.select_related("user").prefetch_related("user__grants__org")}


def _departments_for_create(user: Any) -> dict[int, Department]:
    reach = access.reach(user, Cap.TASK_MANAGE)
    above = {p for top in reach.paths for p in path_chain(top)}
    qs = Department.objects.filter(reach.q("org__path") | Q(org__path__in=above), active=True).select_related("org")
    return {d.pk: d for d in qs}


@require_http_methods(["GET", "POST"])
@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.TASK_MANAGE, seen=Cap.TASK_VIEW)
    cadres = _cadres(request.user)
    departments = _departments_for_create(request.user)
    form = bind_pickers(
        TaskForm(
            request.POST or None,
            cadres=sorted(((pk, person_label(u)) for pk, u in cadres.items()), key=lambda c: c[1]),
            departments=[(pk, f"{d.org.name} {d.short_name}") for pk, d in departments.items()],
        ),
        request.user,
    )
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values: dict[str, Any] = {
            "org": data.get("org"),
            "title": data.get("title") or "",
            "detail": data.get("detail") or "",
            "responsible_user": cadres.get(data.get("responsible_user") or 0),
            "department": departments.get(data.get("department") or 0),
            "due_on": data.get("due_on"),
            "due_workdays": data.get("due_workdays"),
        }
        add_further_errors(form, services.open_problems(**values))
    done = actions.submit(
        request,
        form,
        lambda d: services.task_open(actor=request.user, source=sources.Source(sources.MANUAL.code), **values),
        success=lambda t: f"已交办：{t.title}，办理期限 {t.due_on:%Y-%m-%d}。",
        to=services.task_url,
    )
    intro = "指定一名责任干部或一个联席会议成员单位，期限可按工作日计算（节假日与调休按全市工作日历）。"
    context = {"title": "交办督办事项", "intro": intro, "button": "交办", "back": reverse("supervision:tasks")}
    return done or render(request, "supervision/form.html", {"form": form, **context})


# --- one task ---------------------------------------------------------------------------------------

STEP_FORMS: dict[str, type[forms.Form]] = {
    "progress": ProgressForm,
    "close": CloseForm,
    "cancel": ReasonForm,
    "reopen": ReopenForm,
}
SERVICES: dict[str, Callable[..., Any]] = {
    "progress": services.task_progress,
    "close": services.task_close,
    "cancel": services.task_cancel,
    "reopen": services.task_reopen,
}


@require_GET
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user_or_404(request.user, pk)
    offered = kernel.available(task, request.user, workflow.TABLE)
    events = list(task.events.select_related("actor").prefetch_related("files", "actor__grants__org"))
    today = workdays.today()
    context = {
        "task": task,
        "steps": [(t, STEP_FORMS[t.name](auto_id=f"{t.name}_%s")) for t in offered],
        "events": events,
        "kind": sources.kind(task.source_kind),
        "source_url": sources.link(task.source_kind, task.source_id),
        "overdue": task.status in selectors.ACTIVE and task.due_on < today,
        "today": today,
    }
    return render(request, "supervision/task_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def task_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    task = selectors.task_for_user_or_404(request.user, pk)
    if name not in STEP_FORMS:
        raise NotFound()
    transition = workflow.TABLE.get(name)
    workflow.TABLE.require(request.user, task, transition)
    form = STEP_FORMS[name](request.POST or None, request.FILES or None)
    url = services.task_url(task)
    done = actions.submit(
        request,
        form,
        lambda d: SERVICES[name](actor=request.user, task=task, **d),
        success=f"已办理「{transition.label}」。",
        to=url,
        conflict_to=url,
    )
    context = {"task": task, "form": form, "transition": transition}
    return done or render(request, "supervision/task_step.html", context)


@require_GET
@login_required
def task_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    task = selectors.task_for_user_or_404(request.user, pk)
    try:
        stored = TaskFile.objects.select_related("task__org").get(pk=file_pk, task=task)
    except TaskFile.DoesNotExist:
        raise NotFound() from None
    handle = services.task_file_download(actor=request.user, file=stored)
    return uploads.download_response(stored, handle)
