"""Pages of visits to fixed points: the visit form, a visit with its problems, the visit list and the
overdue points (both with their exports). Thin: parse, call selectors and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.paging import sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.people import grants_prefetch, person_label
from unionhall.responsibility import selectors, services
from unionhall.responsibility.forms import (
    OverdueFilterForm,
    ProblemCloseForm,
    ProblemSuperviseForm,
    VisitFilterForm,
    VisitForm,
)
from unionhall.responsibility.models import Kind, Line
from unionhall.responsibility.selectors import OverdueFilters, VisitFilters

# --- visits -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.RESPONSIBILITY_MANAGE, a.org, obj=a)
    if a.kind != Kind.POINT:
        raise NotFound()
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    done = actions.submit(
        request,
        form,
        lambda d: services.visit_record(
            actor=request.user,
            assignment=a,
            visited_on=d["visited_on"],
            companions=d["companions"],
            purpose=d["purpose"],
            findings=d["findings"],
            problems=form.problem_lines(),
        ),
        success="走访已记录。",
        to=lambda v: reverse("responsibility:visit", args=[v.pk]),
    )
    return done or render(request, "responsibility/visit_form.html", {"form": form, "a": a})


@require_GET
@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    v = selectors.visit_for_user_or_404(request.user, pk)
    context = {
        "v": v,
        "can_manage": selectors.manages(request.user, v.assignment.org),
        "close_form": ProblemCloseForm(),
        "tasks": selectors.problem_tasks(request.user, v),
        "supervise_form": _supervise_form(None),
    }
    return render(request, "responsibility/visit.html", context)


def _supervise_form(data: Any) -> ProblemSuperviseForm:
    lines = [(line.pk, line.name) for line in Line.objects.order_by("order", "pk")]
    return ProblemSuperviseForm(data, lines=lines, initial={"due_workdays": 10})


@require_http_methods(["GET", "POST"])
@login_required
def problem_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    """转为督办事项: the visit page posts here in one action; a refused form is shown again on its own page."""
    problem = selectors.problem_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.RESPONSIBILITY_MANAGE, problem.visit.assignment.org, obj=problem)
    form = _supervise_form(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.visit_problem_supervise(
            actor=request.user,
            problem=problem,
            line=Line.objects.filter(pk=d["line"]).first() if d["line"] else None,
            due_on=d["due_on"],
            due_workdays=d["due_workdays"],
        ),
        success="问题已转为督办事项。",
        to=reverse("responsibility:visit", args=[problem.visit_id]),
        rename={"responsible_user": "line"},
        conflict_to=reverse("responsibility:visit", args=[problem.visit_id]),
    )
    return done or render(request, "responsibility/problem_supervise.html", {"form": form, "problem": problem})


@require_POST
@login_required
def problem_close(request: HttpRequest, pk: int) -> HttpResponse:
    problem = selectors.problem_for_user_or_404(request.user, pk)
    form = ProblemCloseForm(request.POST)
    resolution = form.cleaned_data["resolution"] if form.is_valid() else ""
    return actions.press(
        request,
        lambda: services.visit_problem_close(actor=request.user, problem=problem, resolution=resolution),
        success="问题已标记为解决。",
        to=reverse("responsibility:visit", args=[problem.visit_id]),
        refused=actions.first_message,
    )


def _visit_rows(request: HttpRequest) -> tuple[VisitFilterForm, QuerySet[Any]]:
    form, filters = bind_filters(
        request,
        VisitFilterForm,
        VisitFilters,
        lambda d: {"date_from": d["date_from"], "date_to": d["date_to"], "open_problems": d["open_problems"]},
        Cap.RESPONSIBILITY_VIEW,
    )
    return form, selectors.visit_list(request.user, filters)


VISITS = ListPage(
    guard=access.needs(Cap.RESPONSIBILITY_VIEW),
    rows=_visit_rows,
    sorts=sortable(date="visited_on", org="assignment__org__path", cadre="assignment__cadre__username"),
    default="-date",
    template="responsibility/visits.html",
    fetch=lambda qs: qs.prefetch_related(grants_prefetch("assignment__cadre__grants")),
    export=Export(
        name="定点走访记录",
        action="visit.export",
        columns=[
            ("走访日期", lambda v: v.visited_on),
            ("定点单位", lambda v: v.assignment.org.name),
            ("干部", lambda v: person_label(v.assignment.cadre)),
            ("同行人员", lambda v: v.companions),
            ("走访事由", lambda v: v.purpose),
            ("了解情况", lambda v: v.findings),
            ("问题", lambda v: "；".join(f"{p.text}（{p.get_status_display()}）" for p in v.problems.all())),
        ],
        fetch=lambda qs: qs.prefetch_related("problems", grants_prefetch("assignment__cadre__grants")),
    ),
)
visit_list = list_view(VISITS)
visit_export = export_view(VISITS)


# --- overdue points ---------------------------------------------------------------------------------------


def _overdue_rows(request: HttpRequest) -> tuple[OverdueFilterForm, QuerySet[Any]]:
    form, filters = bind_filters(
        request,
        OverdueFilterForm,
        OverdueFilters,
        lambda d: {"frequency": d["frequency"] or "", "cadre": request.user.pk if d["mine"] else None},
        Cap.RESPONSIBILITY_VIEW,
    )
    return form, selectors.overdue_list(request.user, filters)


def _days_late(page: Any) -> dict[str, Any]:
    today = timezone.localdate()
    for a in page:  # the page's rows, listed once (a Page keeps them)
        a.days_late = (today - a.due_on).days
    return {}


OVERDUE = ListPage(
    guard=access.needs(Cap.RESPONSIBILITY_VIEW),
    rows=_overdue_rows,
    sorts=sortable(due="due_on", org="org__path", cadre="cadre__username", last="last_visit"),
    default="due",
    template="responsibility/overdue.html",
    more=lambda request, page: _days_late(page),
    export=Export(
        name="定点走访逾期",
        action="visit_overdue.export",
        columns=lambda moment: [
            ("定点单位", lambda a: a.org.name),
            ("干部", lambda a: person_label(a.cadre)),
            ("走访频次", lambda a: a.get_frequency_display()),
            ("应走访日期", lambda a: a.due_on),
            ("逾期天数", lambda a: (timezone.localdate(moment) - a.due_on).days),
            ("最近走访", lambda a: a.last_visit or ""),
        ],
    ),
)
overdue_list = list_view(OVERDUE)
overdue_export = export_view(OVERDUE)
