"""The city's lines of work: the list (and a new line, for who manages responsibility at the root) and a
line's name and order. Thin: parse, call the services, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import city_root_or_404
from unionhall.responsibility import selectors, services
from unionhall.responsibility.forms import (
    LineEditForm,
    LineForm,
)
from unionhall.responsibility.models import Line

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
