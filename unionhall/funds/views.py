"""Pages of the funds app: budgets down the tree and their ledger lines. Thin: parse, call
access/selectors/services, render. The 救助支出 pages under /funds/disbursements/ are the archive's
(assistance/disbursements/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.core.errors import DomainError
from unionhall.core.forms import apply_domain_error
from unionhall.core.money import yuan_display
from unionhall.core.paging import paginate, query_without_page
from unionhall.funds import selectors, services
from unionhall.funds.forms import AllocateForm, BudgetCreateForm, BudgetFilterForm, BudgetFundForm
from unionhall.funds.models import Budget
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.pickers import bind_pickers
from unionhall.orgs.selectors import city_root_or_404


def _can(request: HttpRequest, cap: Cap, org: OrgUnit) -> bool:
    return access.reach(request.user, cap).covers(org.path)


# --- budgets -----------------------------------------------------------------------------------------


@require_GET
@login_required
def budget_list(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.FUNDS_VIEW)
    form = BudgetFilterForm(request.GET or None)
    year = fund = None
    if form.is_valid():
        year, fund = form.cleaned_data["year"], form.cleaned_data["fund"]
    budgets = list(selectors.budgets_for(request.user, year=year, fund=fund)[:2000])
    top = min((b.org.depth for b in budgets), default=1)
    rows = [{"budget": b, "indent": b.org.depth - top} for b in budgets]
    context = {
        "form": form,
        "rows": rows,
        "can_create": _can(request, Cap.FUNDS_MANAGE, city_root_or_404()),
    }
    return render(request, "funds/budgets.html", context)


@require_GET
@login_required
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_for_user_or_404(request.user, pk)
    return _budget_page(request, budget)


def _budget_page(
    request: HttpRequest, budget: Budget, *, allocate: AllocateForm | None = None, top_up: BudgetFundForm | None = None
) -> HttpResponse:
    can_manage = _can(request, Cap.FUNDS_MANAGE, budget.org)
    context = {
        "budget": budget,
        "children": selectors.budget_children(budget),
        "lines": paginate(
            request, selectors.budget_lines(budget).prefetch_related(grants_prefetch("journal__actor__grants"))
        ),
        "query": query_without_page(request),
        "can_manage": can_manage,
        "allocate_form": allocate or (bind_pickers(AllocateForm(), request.user) if can_manage else None),
        "fund_form": top_up or (BudgetFundForm() if can_manage and budget.parent_id is None else None),
        "can_see_parent": budget.parent is not None and _can(request, Cap.FUNDS_VIEW, budget.parent.org),
    }
    return render(request, "funds/budget_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def budget_create(request: HttpRequest) -> HttpResponse:
    root = city_root_or_404()
    access.require(request.user, Cap.FUNDS_MANAGE, root)
    form = BudgetCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.budget_create(
                actor=request.user, fund=data["fund"], year=data["year"], amount_fen=data["amount"], memo=data["memo"]
            )
        except DomainError as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, f"已建立「{budget}」，预算额 {yuan_display(budget.amount_fen)} 元。")
            return redirect("funds:budget", pk=budget.pk)
    return render(request, "funds/form.html", {"form": form, "title": "建立市级预算", "back": reverse("funds:budgets")})


@require_http_methods(["GET", "POST"])
@login_required
def budget_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.FUNDS_MANAGE, budget.org, obj=budget)
    form = bind_pickers(AllocateForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = org_selectors.org_by_code(request.user, data["org"], Cap.FUNDS_MANAGE)
        if org is None:
            form.add_error("org", "在您的权限范围内没有这个编码的组织。")
        else:
            try:
                child = services.budget_allocate(
                    actor=request.user, parent=budget, org=org, amount_fen=data["amount"], memo=data["memo"]
                )
            except DomainError as e:
                apply_domain_error(form, e)
            else:
                messages.success(request, f"已向「{org.name}」下拨 {yuan_display(data['amount'])} 元。")
                return redirect("funds:budget", pk=child.parent_id or budget.pk)
    if request.method == "POST":
        return _budget_page(request, budget, allocate=form)
    title = f"从「{budget}」下拨"
    back = reverse("funds:budget", args=[budget.pk])
    return render(request, "funds/form.html", {"form": form, "title": title, "back": back})


@require_http_methods(["GET", "POST"])
@login_required
def budget_fund(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.FUNDS_MANAGE, budget.org, obj=budget)
    form = BudgetFundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_fund(
                actor=request.user,
                budget=budget,
                amount_fen=form.cleaned_data["amount"],
                memo=form.cleaned_data["memo"],
            )
        except DomainError as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, f"已追加 {yuan_display(form.cleaned_data['amount'])} 元。")
            return redirect("funds:budget", pk=budget.pk)
    title = f"为「{budget}」追加资金"
    back = reverse("funds:budget", args=[budget.pk])
    return render(request, "funds/form.html", {"form": form, "title": title, "back": back})
