"""Pages of 救助支出: the list, the exports for the bank, one request and its steps, a new request for an
archive. Served under /funds/disbursements/ with the `funds:` route names they always had (config/urls.py
puts them beside the budget pages). Thin: parse, call access/selectors/services, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.assistance.disbursements import selectors, services
from unionhall.assistance.disbursements import workflow as _workflow  # noqa: F401  (registers the payment's table)
from unionhall.assistance.disbursements.forms import (
    ApproveForm,
    CancelForm,
    DisbursementFilterForm,
    DisbursementRequestForm,
    PayForm,
    ReconciliationForm,
    RejectForm,
    UnmaskedReconciliationForm,
)
from unionhall.assistance.disbursements.models import Disbursement, DisbursementStatus
from unionhall.core import actions
from unionhall.core.errors import DomainError
from unionhall.core.excel import excel_download
from unionhall.core.forms import apply_domain_error
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.money import yuan_display
from unionhall.core.paging import pinyin, sortable
from unionhall.core.unmasked import confirm_page, refuse_link
from unionhall.funds import spending
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel


def _disbursement_rows(request: HttpRequest) -> tuple[DisbursementFilterForm, QuerySet[Disbursement]]:
    form, filters = bind_filters(
        request,
        DisbursementFilterForm,
        selectors.DisbursementFilters,
        lambda d: {
            "status": d["status"] or "",
            "programme": d["programme"].pk if d["programme"] else None,
            "budget": d["budget"],
            "month": d["month"],
        },
        Cap.FUNDS_VIEW,
        noun="工会",
        unparsed_shows_nothing=True,
    )
    return form, selectors.disbursements_for(request.user, filters)


def _reconcile_forms(request: HttpRequest, page: Any) -> dict[str, Any]:
    period = {"paid_from": timezone.localdate().replace(day=1), "paid_to": timezone.localdate()}
    return {
        "reconcile": bind_pickers(ReconciliationForm(initial=period), request.user),
        # full card numbers only for who may see them anywhere; the service checks every row again
        "reconcile_unmasked": bind_pickers(
            UnmaskedReconciliationForm(initial=period, auto_id="id_unmasked_%s"), request.user
        )
        if access.has_cap_anywhere(request.user, Cap.ASSISTANCE_SENSITIVE)
        else None,
    }


DISBURSEMENTS = ListPage(
    guard=access.needs(Cap.FUNDS_VIEW),
    rows=_disbursement_rows,
    sorts=sortable(
        "no",
        "status",
        payee=pinyin("payee_name"),
        org="org__path",
        programme="programme__name",
        amount="amount_fen",
        requested="requested_at",
    ),
    template="funds/disbursements.html",
    rows_template="funds/_disbursements_rows.html",
    kept_by=lambda request: access.reach(request.user, Cap.FUNDS_VIEW).paths,
    more=_reconcile_forms,
    export=Export(
        name="救助支出",
        action="funds.export",
        columns=[
            ("编号", lambda d: d.no),
            ("收款人", lambda d: d.payee_name),
            ("建档工会", lambda d: d.org.name),
            ("帮扶项目", lambda d: d.programme.name),
            ("预算", lambda d: str(d.budget)),
            ("金额（元）", lambda d: yuan_display(d.amount_fen)),
            ("状态", lambda d: d.get_status_display()),
            ("申请时间", lambda d: timezone.localtime(d.requested_at)),
            ("支付日期", lambda d: d.paid_on),
        ],
        named=True,
    ),
)
disbursement_list = list_view(DISBURSEMENTS)
disbursement_export = export_view(DISBURSEMENTS)


def _export(request: HttpRequest, name: str, headers: list[str], rows: Any, **changes: Any) -> FileResponse:
    changes = {"list": name, "filters": request.GET.dict(), **changes}
    return excel_download(request, name=name, headers=headers, rows=rows, action="funds.export", changes=changes)


RECONCILE_HEADERS = ["编号", "收款人", "银行卡号", "开户银行", "金额（元）", "支付日期", "银行流水号", "建档工会"]


@require_GET
@login_required
def reconciliation_export(request: HttpRequest) -> HttpResponseBase:
    """Paid disbursements of a period for the bank's statement, card numbers masked. In clear only through
    reconciliation_export_unmasked: a POST with a stated purpose."""
    access.require_cap_anywhere(request.user, Cap.FUNDS_VIEW)
    if "unmask" in request.GET:
        return refuse_link(request)
    form = bind_pickers(ReconciliationForm(request.GET or None), request.user)
    if not form.is_valid():
        messages.error(request, "请填写正确的支付日期区间。")
        return redirect("funds:disbursements")
    paid = _paid(request, form)
    return _reconciliation(request, paid, {}, unmasked=False)


@require_http_methods(["GET", "POST"])
@login_required
def reconciliation_export_unmasked(request: HttpRequest) -> HttpResponseBase:
    """The same with full card numbers: `assistance.sensitive` over every row (the service checks it), the
    purpose in both audit events (the reveal and the export)."""
    access.require_cap_anywhere(request.user, Cap.FUNDS_VIEW)
    access.require_cap_anywhere(request.user, Cap.ASSISTANCE_SENSITIVE)
    if request.method != "POST":
        return refuse_link(request)
    form = bind_pickers(UnmaskedReconciliationForm(request.POST), request.user)
    if not form.is_valid():
        return confirm_page(
            request, title="支付对账导出（含完整银行卡号）", action=request.path, form=form, filters=None
        )
    paid = _paid(request, form)
    purpose = form.cleaned_data["purpose"]
    clear = services.disbursement_accounts_reveal(actor=request.user, disbursements=paid, purpose=purpose)
    period = {name: request.POST.get(name, "") for name in ("paid_from", "paid_to", "org")}
    return _reconciliation(request, paid, clear, unmasked=True, purpose=purpose, filters=period)


def _paid(request: HttpRequest, form: ReconciliationForm) -> list[Disbursement]:
    data = form.cleaned_data
    filters = selectors.DisbursementFilters(
        status=DisbursementStatus.PAID, paid_from=data["paid_from"], paid_to=data["paid_to"]
    )
    filters.org = org_selectors.org_filter(request.user, data["org"] or "", Cap.FUNDS_VIEW, form, noun="工会")
    return list(selectors.disbursements_for(request.user, filters).order_by("paid_on", "no"))


def _reconciliation(
    request: HttpRequest, paid: list[Disbursement], clear: dict[int, str], **changes: Any
) -> FileResponse:
    rows = (
        (
            d.no,
            d.payee_name,
            clear.get(d.pk, d.bank_account_masked),
            d.bank_name,
            yuan_display(d.amount_fen),
            d.paid_on,
            d.bank_ref,
            d.org.name,
        )
        for d in paid
    )
    return _export(request, "支付对账", RECONCILE_HEADERS, rows, count=len(paid), **changes)


def _actions(request: HttpRequest, d: Disbursement) -> dict[str, bool]:
    """The steps of the payment's table this user may take now; approving also needs someone other than the
    requester and the first approver (the guard would refuse them, so the page does not offer it)."""
    offered = {t.name for t in kernel.available(d, request.user)}
    approved_by = [a.approver_id for a in d.approvals.all()]
    return {
        "approve": "approve" in offered
        and spending.may_approve(request.user, requested_by_id=d.requested_by_id, approver_ids=approved_by),
        "reject": "reject" in offered,
        "pay": "pay" in offered,
        "cancel": "cancel" in offered,
    }


def _disbursement_page(request: HttpRequest, d: Disbursement, **bound: forms.Form) -> HttpResponse:
    context = {
        "d": d,
        "approvals": d.approvals.select_related("approver"),
        "can": _actions(request, d),
        "approve_form": bound.get("approve") or ApproveForm(),
        "reject_form": bound.get("reject") or RejectForm(),
        "pay_form": bound.get("pay") or PayForm(initial={"paid_on": timezone.localdate()}),
        "cancel_form": bound.get("cancel") or CancelForm(),
    }
    return render(request, "funds/disbursement_detail.html", context)


@require_GET
@login_required
def disbursement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _disbursement_page(request, selectors.disbursement_for_user_or_404(request.user, pk))


# The payment's steps on its page: who may take each, the form it posts and the service it runs. Each step
# is a view of its own (its own URL and route name), made by `_step`.
_STEPS: dict[str, tuple[Cap, type[forms.Form], Any]] = {
    "approve": (
        Cap.DISBURSEMENT_APPROVE,
        ApproveForm,
        lambda actor, d, data: services.disbursement_approve(actor=actor, disbursement=d, note=data["note"]),
    ),
    "reject": (
        Cap.DISBURSEMENT_APPROVE,
        RejectForm,
        lambda actor, d, data: services.disbursement_reject(actor=actor, disbursement=d, reason=data["reason"]),
    ),
    "pay": (
        Cap.FUNDS_MANAGE,
        PayForm,
        lambda actor, d, data: services.disbursement_pay(
            actor=actor, disbursement=d, paid_on=data["paid_on"], bank_ref=data["bank_ref"]
        ),
    ),
    "cancel": (
        Cap.FUNDS_MANAGE,
        CancelForm,
        lambda actor, d, data: services.disbursement_cancel(actor=actor, disbursement=d, reason=data["reason"]),
    ),
}


def _step(name: str) -> Any:
    """The view of one step: 404 outside reach, 403 without its capability; a refusal shows the page again
    with the step's form and what was typed; a success says the new status and goes back to the page."""
    cap, form_class, call = _STEPS[name]

    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        d = selectors.disbursement_for_user_or_404(request.user, pk)
        access.require(request.user, cap, d.org, obj=d)
        form = form_class(request.POST)
        done = actions.submit(
            request,
            form,
            lambda data: call(request.user, d, data),
            success=lambda paid: f"{paid.no}：{paid.get_status_display()}。",
            to=lambda paid: reverse("funds:disbursement", args=[paid.pk]),
            refusals=actions.EVERY,
        )
        return done or _disbursement_page(request, d, **{name: form})

    view.__name__ = view.__qualname__ = f"disbursement_{name}"
    return view


disbursement_approve = _step("approve")
disbursement_reject = _step("reject")
disbursement_pay = _step("pay")
disbursement_cancel = _step("cancel")


@require_http_methods(["GET", "POST"])
@login_required
def disbursement_new(request: HttpRequest) -> HttpResponse:
    """A request for one archive (?file=<id>): the programme, a budget on the archive's chain, the amount."""
    file = selectors.file_for_request_or_404(request.user, request.GET.get("file"))
    access.require(request.user, Cap.ASSISTANCE_EDIT, file.org, obj=file)
    budgets = [(b.pk, f"{b}（可用 {yuan_display(b.remaining_fen)} 元）") for b in selectors.budgets_for_file(file)]
    form = DisbursementRequestForm(request.POST or None, programmes=selectors.programmes_active(), budgets=budgets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = selectors.budget_for_file_or_404(file, data["budget"])
            d = services.disbursement_request(
                actor=request.user, file=file, programme=data["programme"], budget=budget, amount_fen=data["amount"]
            )
        except DomainError as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, f"已提交救助申请 {d.no}，金额 {yuan_display(d.amount_fen)} 元。")
            return redirect("funds:disbursement", pk=d.pk)
    return render(request, "funds/disbursement_new.html", {"form": form, "file": file})
