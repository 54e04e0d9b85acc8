"""The city's template of commitments (六多六少, 六不六要): the list for every federation reading the cards,
and, for who manages responsibility at the root, a new item and an item's words, order and use. Thin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from unionhall.commitments import services
from unionhall.commitments.forms import TemplateItemEditForm, TemplateItemForm
from unionhall.commitments.models import TemplateItem
from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def _root_manager(request: HttpRequest) -> bool:
    return access.holds_at_root(request.user, Cap.RESPONSIBILITY_MANAGE)


@require_http_methods(["GET", "POST"])
@login_required
def template(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_VIEW)
    can_edit = _root_manager(request)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied()
    form = TemplateItemForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.template_item_create(actor=request.user, group=d["group"], text=d["text"], order=d["order"]),
        success="模板承诺已添加。",
        to="commitments:template",
    )
    context = {"items": TemplateItem.objects.all(), "form": form if can_edit else None}
    return done or render(request, "commitments/template.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def template_item(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RESPONSIBILITY_VIEW)
    item = TemplateItem.objects.filter(pk=pk).first()
    if item is None:
        raise NotFound()
    if not _root_manager(request):
        raise PermissionDenied()
    form = TemplateItemEditForm(
        request.POST or None, initial={"text": item.text, "order": item.order, "active": item.active}
    )
    done = actions.submit(
        request,
        form,
        lambda d: services.template_item_update(
            actor=request.user, item=item, text=d["text"], order=d["order"], active=d["active"]
        ),
        success="模板承诺已保存。",
        to="commitments:template",
    )
    return done or render(request, "commitments/template_item.html", {"form": form, "item": item})
