"""Pages of the responsibility module: the map per federation (units × lines, the gaps marked) and its
export, and a cadre's page. Assignments, visits and the lines have their own modules. Thin: parse, call
selectors and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from unionhall.core.excel import excel_download
from unionhall.core.listpage import rows_export_view
from unionhall.core.paging import paginate, query_without_page
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import person_label
from unionhall.responsibility import selectors
from unionhall.responsibility.answers import DEFAULT, Answers, by_line
from unionhall.responsibility.forms import (
    MapFilterForm,
)
from unionhall.responsibility.models import Kind, Line
from unionhall.responsibility.selectors import MapFilters, VisitFilters

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
    for a in points:
        a.can_visit = selectors.manages(request.user, a.org)  # type: ignore[attr-defined]
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
