"""Pages of a cadre's assignments: a new area or fixed point, its page with history and coverage, its
adjustment and its end. Thin: parse, call selectors and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.people import person_label
from unionhall.orgs.pickers import bind_pickers
from unionhall.responsibility import selectors, services
from unionhall.responsibility.forms import (
    AssignmentEditForm,
    AssignmentForm,
    EndForm,
)
from unionhall.responsibility.models import Assignment, Kind
from unionhall.responsibility.selectors import VisitFilters

# --- assignments ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def assignment_new(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_MANAGE, seen=Cap.RESPONSIBILITY_VIEW)
    by_pk = {u.pk: u for u in selectors.assignable_cadres(request.user)}
    cadres = [(pk, person_label(u)) for pk, u in by_pk.items()]
    initial = {"kind": request.GET.get("kind") or Kind.POINT, "starts_on": timezone.localdate()}
    form = bind_pickers(AssignmentForm(request.POST or None, cadres=cadres, initial=initial), request.user)

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
    can_manage = selectors.manages(request.user, a.org)
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
