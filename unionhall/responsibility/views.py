"""Pages of the responsibility module: the map per federation (and its export), a cadre's page, assignments
with their history, visits and their problems, overdue points, the city's lines. Thin: parse, call
selectors and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.core.excel import excel_download
from unionhall.core.listpage import Export, ListPage, export_view, list_view, rows_export_view
from unionhall.core.paging import paginate, query_without_page, sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import person_label
from unionhall.orgs.pickers import bind_pickers
from unionhall.orgs.selectors import city_root_or_404
from unionhall.responsibility import selectors, services
from unionhall.responsibility.answers import DEFAULT, Answers, by_line
from unionhall.responsibility.forms import (
    AssignmentEditForm,
    AssignmentForm,
    EndForm,
    LineEditForm,
    LineForm,
    MapFilterForm,
    OverdueFilterForm,
    ProblemCloseForm,
    VisitFilterForm,
    VisitForm,
)
from unionhall.responsibility.models import Assignment, Kind, Line
from unionhall.responsibility.selectors import MapFilters, OverdueFilters, VisitFilters


def _can_manage(request: HttpRequest, unit: OrgUnit) -> bool:
    return access.reach(request.user, Cap.RESPONSIBILITY_MANAGE).covers(unit.path)


# --- the map ---------------------------------------------------------------------------------------------


def _map_filters(request: HttpRequest) -> tuple[MapFilterForm, MapFilters, OrgUnit]:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_VIEW)
    form, filters = bind_filters(
        request,
        MapFilterForm,
        MapFilters,
        lambda d: {"line": d["line"] or "", "gaps": d["gaps"], "level": d["level"] or ""},
        Cap.RESPONSIBILITY_VIEW,
    )
    unit = filters.org or access.visible_roots(request.user, Cap.RESPONSIBILITY_VIEW)[0]
    return form, filters, unit


def _shown_lines(filters: MapFilters) -> list[Line]:
    return [line for line in selectors.lines() if not filters.line or line.code == filters.line]


def _cells(answers: dict[str, Answers], lines: list[Line], unit: OrgUnit) -> list[Any]:
    return [answers[line.code].of(unit.path) for line in lines]


@require_GET
@login_required
def responsibility_map(request: HttpRequest) -> HttpResponse:
    form, filters, unit = _map_filters(request)
    shown = _shown_lines(filters)
    page = paginate(request, selectors.map_units(request.user, unit, filters))
    answers = by_line([line.code for line in shown], paths=[u.path for u in page])
    rows = [{"unit": u, "cells": _cells(answers, shown, u)} for u in page]
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "unit": unit,
        "lines": shown,
        "rows": rows,
        "default": DEFAULT,
        "cadres": selectors.map_cadres(request.user, unit),
        "can_assign": access.has_cap_anywhere(request.user, Cap.RESPONSIBILITY_MANAGE),
    }
    return render(request, "responsibility/map.html", context)


def _map_download(request: HttpRequest) -> FileResponse:
    _, filters, unit = _map_filters(request)
    shown = _shown_lines(filters)
    units = list(selectors.map_units(request.user, unit, filters))
    answers = by_line([line.code for line in shown])

    def cell(answer: Any) -> str:
        return f"{person_label(answer.user)}（{answer.basis}）" if answer is not None else "未明确"

    return excel_download(
        request,
        name=f"包片定点责任图-{unit.name}",
        headers=["单位", "编码", "层级", *(line.name for line in shown)],
        rows=([u.name, u.code, u.get_level_display(), *map(cell, _cells(answers, shown, u))] for u in units),
        action="responsibility.export",
        changes={"list": "包片定点责任图", "filters": request.GET.dict()},
    )


responsibility_map_export = rows_export_view(_map_download)


# --- a cadre's page ---------------------------------------------------------------------------------------


@require_GET
@login_required
def cadre(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.cadre_for_user_or_404(request.user, pk)
    assignments = list(selectors.cadre_assignments(request.user, person))
    today = timezone.localdate()
    holding = [a for a in assignments if a.ends_on is None or a.ends_on >= today]
    points = [a for a in holding if a.kind == Kind.POINT]
    manages = access.reach(request.user, Cap.RESPONSIBILITY_MANAGE)
    for a in points:
        a.can_visit = manages.covers(a.org.path)  # type: ignore[attr-defined]
    overdue = selectors.overdue_points(selectors.assignments_for(request.user).filter(cadre=person))
    context = {
        "person": person,
        "areas": [a for a in holding if a.kind == Kind.AREA],
        "points": points,
        "coverage": selectors.point_coverage(points),
        "ended": [a for a in assignments if a not in holding],
        "overdue": list(overdue),
        "visits": list(
            selectors.visit_list(request.user, VisitFilters(cadre=person.pk)).order_by("-visited_on", "-id")[:20]
        ),
    }
    return render(request, "responsibility/cadre.html", context)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_VIEW)
    return redirect("responsibility:cadre", pk=request.user.pk)


# --- assignments ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def assignment_new(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_MANAGE, seen=Cap.RESPONSIBILITY_VIEW)
    cadres = [(u.pk, person_label(u)) for u in selectors.assignable_cadres(request.user)]
    initial = {"kind": request.GET.get("kind") or Kind.POINT, "starts_on": timezone.localdate()}
    form = bind_pickers(AssignmentForm(request.POST or None, cadres=cadres, initial=initial), request.user)
    by_pk = {u.pk: u for u in selectors.assignable_cadres(request.user)} if request.method == "POST" else {}

    def run(d: dict[str, Any]) -> Assignment:
        return services.assignment_create(
            actor=request.user,
            cadre=by_pk.get(d["cadre"]),
            kind=d["kind"],
            unit=d["org"],
            lines=list(d["lines"]),
            frequency=d["frequency"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            note=d["note"],
        )

    done = actions.submit(
        request,
        form,
        run,
        success="已安排。",
        to=lambda a: reverse("responsibility:assignment", args=[a.pk]),
        rename={"unit": "org"},
    )
    return done or render(request, "responsibility/assignment_form.html", {"form": form, "a": None})


@require_GET
@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_for_user_or_404(request.user, pk)
    can_manage = _can_manage(request, a.org)
    holds = a.ends_on is None or a.ends_on >= timezone.localdate()
    context = {
        "a": a,
        "history": selectors.history(a),
        "coverage": selectors.point_coverage([a]).get(a.pk),
        "visits": list(selectors.visit_list(request.user, VisitFilters()).filter(assignment=a)),
        "can_manage": can_manage and holds,
        "end_form": EndForm(initial={"ends_on": timezone.localdate()}),
    }
    return render(request, "responsibility/assignment.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.RESPONSIBILITY_MANAGE, a.org, obj=a)
    initial = {"lines": list(a.lines.all()), "frequency": a.frequency, "note": a.note}
    form = AssignmentEditForm(request.POST or None, initial=initial)
    done = actions.submit(
        request,
        form,
        lambda d: services.assignment_update(
            actor=request.user, assignment=a, lines=list(d["lines"]), frequency=d["frequency"], note=d["note"]
        ),
        success="已保存调整。",
        to=reverse("responsibility:assignment", args=[a.pk]),
        conflict_to=reverse("responsibility:assignment", args=[a.pk]),
    )
    return done or render(request, "responsibility/assignment_form.html", {"form": form, "a": a})


@require_POST
@login_required
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_for_user_or_404(request.user, pk)
    form = EndForm(request.POST)
    to = reverse("responsibility:assignment", args=[a.pk])
    ends_on = form.cleaned_data["ends_on"] if form.is_valid() else None
    return actions.press(
        request,
        lambda: services.assignment_end(actor=request.user, assignment=a, ends_on=ends_on),
        success="已终止该安排。",
        to=to,
        refused=actions.first_message,
    )


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
    context = {"v": v, "can_manage": _can_manage(request, v.assignment.org), "close_form": ProblemCloseForm()}
    return render(request, "responsibility/visit.html", context)


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
        fetch=lambda qs: qs.prefetch_related("problems", "assignment__cadre__grants__org"),
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


# --- the city's lines -------------------------------------------------------------------------------------


def _root_manager(request: HttpRequest) -> bool:
    return access.holds_at_root(request.user, Cap.RESPONSIBILITY_MANAGE)


@require_http_methods(["GET", "POST"])
@login_required
def lines(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_VIEW)
    can_edit = _root_manager(request)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied()
    form = LineForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.line_create(actor=request.user, code=d["code"], name=d["name"], order=d["order"]),
        success="管线已添加。",
        to="responsibility:lines",
    )
    context = {"lines": selectors.lines(), "form": form if can_edit else None}
    return done or render(request, "responsibility/lines.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    city_root_or_404()
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_VIEW)
    line = Line.objects.filter(pk=pk).first()
    if line is None:
        raise NotFound()
    if not _root_manager(request):
        raise PermissionDenied()
    form = LineEditForm(request.POST or None, initial={"name": line.name, "order": line.order})
    done = actions.submit(
        request,
        form,
        lambda d: services.line_update(actor=request.user, line=line, name=d["name"], order=d["order"]),
        success="管线已保存。",
        to="responsibility:lines",
    )
    return done or render(request, "responsibility/line_form.html", {"form": form, "line": line})
