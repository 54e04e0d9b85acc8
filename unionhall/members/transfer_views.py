"""Transfer request pages: the list (to decide / asked by us), one request, and its three decisions.
Thin: parse, call selectors and transfer_services. A union outside the viewer's reach is never named."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from unionhall.core import actions
from unionhall.core.errors import DomainError
from unionhall.core.forms import apply_domain_error
from unionhall.core.paging import paginate, query_without_page
from unionhall.members import selectors, transfer_services
from unionhall.members.models import TransferRequest
from unionhall.orgs import access
from unionhall.orgs.access import Cap

BOXES = [("incoming", "待我方同意（转出）"), ("outgoing", "我方申请（转入）"), ("", "全部")]


class TransferFilterForm(forms.Form):
    box = forms.ChoiceField(label="方向", required=False, choices=BOXES)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *TransferRequest.Status.choices])
    q = forms.CharField(label="姓名", required=False, max_length=50)


class RejectForm(forms.Form):
    reason = forms.CharField(label="不同意的原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


def _visible(user: Any, request: TransferRequest) -> dict[str, bool]:
    seen = access.reach(user, Cap.MEMBER_VIEW)
    edit = access.reach(user, Cap.MEMBER_EDIT)
    return {
        "from_visible": seen.covers(request.from_org.path),
        "to_visible": seen.covers(request.to_org.path),
        "can_decide": request.is_pending and edit.covers(request.from_org.path),
        "can_cancel": request.is_pending and edit.covers(request.to_org.path),
    }


@require_GET
@login_required
def transfer_request_list(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.MEMBER_VIEW)
    form = TransferFilterForm(request.GET or {"box": "incoming", "status": "pending"})
    qs = selectors.transfer_requests_for(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["box"] == "incoming":
            qs = access.scope_queryset(request.user, Cap.MEMBER_VIEW, qs, "from_org")
        elif data["box"] == "outgoing":
            qs = access.scope_queryset(request.user, Cap.MEMBER_VIEW, qs, "to_org")
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["q"]:
            qs = qs.filter(person__name__startswith=data["q"].strip())
    page = paginate(request, qs.order_by("-requested_at", "-id"))
    seen = access.reach(request.user, Cap.MEMBER_VIEW)
    rows = [(r, seen.covers(r.from_org.path)) for r in page]
    return render(
        request,
        "members/transfers.html",
        {"form": form, "page": page, "rows": rows, "query": query_without_page(request)},
    )


def _detail(request: HttpRequest, found: TransferRequest, reject_form: RejectForm | None = None) -> HttpResponse:
    return render(
        request,
        "members/transfer.html",
        {"t": found, "reject_form": reject_form or RejectForm(), **_visible(request.user, found)},
    )


@require_GET
@login_required
def transfer_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.transfer_request_for_user_or_404(request.user, pk))


def _refused(error: DomainError) -> None:
    """403 and 404 are answers of their own; any other refusal is told on the request's page."""
    if error.status in (403, 404):
        raise error


@require_POST
@login_required
def transfer_request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.transfer_request_for_user_or_404(request.user, pk)
    try:
        done = transfer_services.transfer_request_approve(actor=request.user, request=found)
    except DomainError as e:
        _refused(e)
        messages.error(request, e.message)
    else:
        if done.status == TransferRequest.Status.LAPSED:
            messages.warning(request, "该职工的会籍已变化，接转申请已失效。")
        else:
            messages.success(request, f"已同意接转：{done.person.name} 转入 {done.to_org.name}。")
    return redirect("members:transfer_request", pk=pk)


@require_POST
@login_required
def transfer_request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.transfer_request_for_user_or_404(request.user, pk)
    form = RejectForm(request.POST)
    try:
        transfer_services.transfer_request_reject(
            actor=request.user, request=found, reason=str(form.data.get("reason", ""))
        )
    except DomainError as e:
        _refused(e)
        apply_domain_error(form, e)
        return _detail(request, found, form)
    messages.success(request, "已答复不同意接转。")
    return redirect("members:transfer_request", pk=pk)


@require_POST
@login_required
def transfer_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.transfer_request_for_user_or_404(request.user, pk)
    return actions.press(
        request,
        lambda: transfer_services.transfer_request_cancel(actor=request.user, request=found),
        success="已撤回接转申请。",
        to=reverse("members:transfer_request", kwargs={"pk": pk}),
        refusals=actions.EVERY,
        unless=actions.ANSWERS,
    )
