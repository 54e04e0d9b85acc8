"""Pages of the joint meeting's member departments (联席会议成员单位): the directory in reach (Excel with
phones masked), adding and editing a department, its liaison contacts and their logins; and the liaison's own
page — its department's tasks, the only page of the platform a liaison has."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.paging import pinyin, sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.pickers import UnitPickerField, bind_pickers
from unionhall.supervision import selectors, services
from unionhall.supervision.forms import DepartmentEditForm, DepartmentForm, LiaisonEditForm, LiaisonForm
from unionhall.supervision.models import Department, Liaison
from unionhall.workcalendar import workdays


class DepartmentFilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False, max_length=50)
    org = UnitPickerField(label="所属工会（含下级）", cap=Cap.TASK_VIEW)
    inactive = forms.BooleanField(label="含已退出的单位", required=False)


_SERVING = Prefetch("liaisons", queryset=Liaison.objects.filter(active=True).order_by("id"), to_attr="serving")


def _filtered(request: HttpRequest) -> tuple[DepartmentFilterForm, QuerySet[Department]]:
    form, chosen = bind_chosen(request, DepartmentFilterForm, Cap.TASK_VIEW)
    qs = selectors.departments_for(request.user)
    qs = under_chosen(qs, chosen)
    v = chosen.values
    if not v.get("inactive"):
        qs = qs.filter(active=True)
    if v.get("q"):
        qs = qs.filter(Q(name__contains=v["q"]) | Q(short_name__contains=v["q"]))
    open_tasks = Count("tasks", filter=Q(tasks__status__in=selectors.ACTIVE))
    return form, qs.annotate(open_tasks=open_tasks)


def _fetch(qs: QuerySet[Department]) -> QuerySet[Department]:
    return qs.select_related("org").prefetch_related(_SERVING)


def _contacts(d: Department) -> str:
    return "；".join(f"{c.name} {c.post} {c.phone_masked}".strip() for c in d.serving)  # type: ignore[attr-defined]


DEPARTMENTS = ListPage(
    guard=access.needs(Cap.TASK_VIEW),
    rows=_filtered,
    sorts=sortable("open_tasks", org="org__path", name=pinyin("short_name")),
    default="org",
    template="supervision/department_list.html",
    fetch=_fetch,
    more=lambda request, page: {"can_edit": access.has_cap_anywhere(request.user, Cap.TASK_MANAGE)},
    export=Export(
        name="联席会议成员单位",
        action="task.export",
        named=True,
        columns=[
            ("所属工会", lambda d: d.org.name),
            ("简称", lambda d: d.short_name),
            ("单位全称", lambda d: d.name),
            ("联络人（电话已脱敏）", _contacts),
            ("未办结督办事项", lambda d: d.open_tasks),
            ("状态", lambda d: "成员单位" if d.active else "已退出"),
        ],
        fetch=_fetch,
    ),
)
department_list = list_view(DEPARTMENTS)
department_export = export_view(DEPARTMENTS)


def _url(department: Department) -> str:
    return reverse("supervision:department", args=[department.pk])


@require_http_methods(["GET", "POST"])
@login_required
def department_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.TASK_MANAGE, seen=Cap.TASK_VIEW)
    form = bind_pickers(DepartmentForm(request.POST or None), request.user)
    done = actions.submit(
        request,
        form,
        lambda d: services.department_create(actor=request.user, **d),
        success=lambda d: f"已登记成员单位：{d.short_name}。",
        to=_url,
    )
    context = {
        "title": "新增联席会议成员单位",
        "intro": "登记在其所属政府层级的总工会之下：市级部门在市总工会，区县部门在区县总工会。",
        "button": "保存",
        "back": reverse("supervision:departments"),
    }
    return done or render(request, "supervision/form.html", {"form": form, **context})


@require_http_methods(["GET", "POST"])
@login_required
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The department, its liaisons and its open tasks; who keeps the directory edits it here (a POST)."""
    department = selectors.department_for_user_or_404(request.user, pk)
    can_edit = access.reach(request.user, Cap.TASK_MANAGE).covers(department.org.path)
    if request.method == "POST":
        access.require(request.user, Cap.TASK_MANAGE, department.org, obj=department)
    initial = {"name": department.name, "short_name": department.short_name, "active": department.active}
    form = DepartmentEditForm(request.POST or None, initial=initial)
    done = actions.submit(
        request,
        form,
        lambda d: services.department_update(actor=request.user, department=department, **d),
        success="已保存。",
        to=_url(department),
    )
    if done:
        return done
    context = {
        "department": department,
        "form": form if can_edit else None,
        "liaison_form": LiaisonForm(auto_id="liaison_%s") if can_edit else None,
        "liaisons": department.liaisons.select_related("user").order_by("-active", "id"),
        "tasks": selectors.active(department.tasks.all()).select_related("org")[:50],
        "today": workdays.today(),
        "can_edit": can_edit,
    }
    return render(request, "supervision/department_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def liaison_add(request: HttpRequest, pk: int) -> HttpResponse:
    department = selectors.department_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.TASK_MANAGE, department.org, obj=department)
    form = LiaisonForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.liaison_add(actor=request.user, department=department, **d),
        success=lambda c: f"已添加联络人：{c.name}" + ("，并开通登录账号。" if c.user_id else "。"),
        to=_url(department),
    )
    context = {
        "title": f"添加联络人：{department.org.name} {department.short_name}",
        "intro": "开通登录账号（填写用户名与初始密码）须由用户管理员办理；联络人只能看到并办理本单位的督办事项。",
        "button": "添加",
        "back": _url(department),
    }
    return done or render(request, "supervision/form.html", {"form": form, **context})


def _serving_liaison(request: HttpRequest, pk: int) -> Liaison:
    """A liaison of a department the user sees (404 otherwise)."""
    liaison = Liaison.objects.select_related("department__org", "user").filter(pk=pk).first()
    if liaison is None:
        raise NotFound()
    selectors.department_for_user_or_404(request.user, liaison.department_id)
    return liaison


@require_http_methods(["GET", "POST"])
@login_required
def liaison_edit(request: HttpRequest, pk: int) -> HttpResponse:
    liaison = _serving_liaison(request, pk)
    department = liaison.department
    access.require(request.user, Cap.TASK_MANAGE, department.org, obj=department)
    initial = {"name": liaison.name, "post": liaison.post, "phone": liaison.phone}
    form = LiaisonEditForm(request.POST or None, initial=initial)
    done = actions.submit(
        request,
        form,
        lambda d: services.liaison_update(actor=request.user, liaison=liaison, **d),
        success=lambda c: f"已保存联络人：{c.name}。",
        to=_url(department),
        conflict_to=_url(department),
    )
    context = {
        "title": f"修改联络人：{department.org.name} {department.short_name}",
        "intro": "登录账号的用户名不变；停用账号请办理「离任」。",
        "button": "保存",
        "back": _url(department),
    }
    return done or render(request, "supervision/form.html", {"form": form, **context})


@require_POST
@login_required
def liaison_remove(request: HttpRequest, pk: int) -> HttpResponse:
    liaison = _serving_liaison(request, pk)
    department = liaison.department
    return actions.press(
        request,
        lambda: services.liaison_remove(actor=request.user, liaison=liaison),
        success=f"{liaison.name} 已离任，登录账号已停用。",
        to=_url(department),
    )


@require_GET
@login_required
def liaison_home(request: HttpRequest) -> HttpResponse:
    """The liaison's own page: its department's tasks, the ones to do first."""
    liaison = selectors.liaison_of(request.user)
    if liaison is None:
        raise NotFound()
    tasks = selectors.tasks_for(request.user).filter(department_id=liaison.department_id).select_related("org")
    today = workdays.today()
    context = {
        "liaison": liaison,
        "department": liaison.department,
        "active_tasks": selectors.active(tasks).order_by("due_on", "id"),
        "overdue_count": selectors.overdue(tasks, today).count(),
        "finished": tasks.exclude(status__in=selectors.ACTIVE).order_by("-closed_at", "-id")[:20],
        "today": today,
    }
    return render(request, "supervision/liaison_home.html", context)
