"""Programme pages (list, detail, create, edit, stop/restart) and 送温暖 in bulk (preview, run, progress,
results, export). Thin: parse, call selectors/services, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from unionhall.assistance.models import EvidenceKind, HardshipCategory, SchoolTier
from unionhall.core import actions
from unionhall.core.audit import PendingEvent, record
from unionhall.core.errors import Conflict, PermissionDenied, ValidationError
from unionhall.core.excel import write_workbook
from unionhall.core.forms import apply_domain_error
from unionhall.core.money import yuan, yuan_display
from unionhall.core.paging import paginate
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.pickers import bind_pickers
from unionhall.programmes import selectors, services
from unionhall.programmes.forms import ProgrammeForm, WarmthForm


def _config_root(request: HttpRequest) -> OrgUnit:
    """Programmes are the city's: only who configures them at the root opens the forms."""
    root = org_selectors.city_root_or_404()
    access.require(request.user, Cap.PROGRAMME_CONFIG, root)
    return root


def _rules_in_words(p: Any) -> list[tuple[str, str]]:
    rules, amounts = p.rules or {}, p.amounts or {}
    out = []
    cats = rules.get("categories")
    out.append(("面向", "、".join(HardshipCategory(c).label for c in cats) if cats is not None else "全部困难类别"))
    n = rules.get("max_per_year")
    out.append(("每户每年", f"最多 {n} 次" if n else "不限次数"))
    kinds = rules.get("evidence") or []
    out.append(("证明材料", "、".join(EvidenceKind(k).label for k in kinds) if kinds else "无特别要求"))
    if "default" in amounts:
        out.append(("默认金额", f"{yuan_display(amounts['default'])} 元"))
    for c, fen in (amounts.get("by_category") or {}).items():
        out.append((HardshipCategory(c).label, f"{yuan_display(fen)} 元"))
    for t, fen in (amounts.get("by_tier") or {}).items():
        out.append((SchoolTier(t).label, f"{yuan_display(fen)} 元"))
    out.append(("单次最高", f"{yuan_display(amounts['max'])} 元" if "max" in amounts else "不设上限"))
    return out


@require_GET
@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    rows = [(p, _rules_in_words(p)) for p in selectors.programme_list(request.user)]
    context = {"rows": rows, "can_configure": access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG)}
    return render(request, "programmes/list.html", context)


@require_GET
@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.programme_get(request.user, pk)
    context = {
        "p": p,
        "rules": _rules_in_words(p),
        "can_configure": access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG),
    }
    return render(request, "programmes/detail.html", context)


def _save(request: HttpRequest, form: ProgrammeForm, programme: Any) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    d = form.cleaned_data
    rules, amounts = form.rules_and_amounts()
    try:
        saved = services.programme_save(
            actor=request.user,
            programme=programme,
            rules=rules,
            amounts=amounts,
            **{name: d[name] for name in ("code", "name", "kind", "fund", "description")},
        )
    except (ValidationError, Conflict) as error:
        apply_domain_error(form, error)
        return None
    messages.success(request, f"帮扶项目「{saved.name}」已保存。")
    return redirect("programmes:detail", pk=saved.pk)


@require_http_methods(["GET", "POST"])
@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    _config_root(request)
    form = ProgrammeForm(request.POST or None)
    return _save(request, form, None) or render(request, "programmes/form.html", {"form": form, "p": None})


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.programme_get(request.user, pk)
    _config_root(request)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_of(p))
    return _save(request, form, p) or render(request, "programmes/form.html", {"form": form, "p": p})


@require_POST
@login_required
def programme_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _switch(request, pk, services.programme_deactivate, "帮扶项目「{}」已停用：不能再以此项目申请。")


@require_POST
@login_required
def programme_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _switch(request, pk, services.programme_activate, "帮扶项目「{}」已启用。")


def _switch(request: HttpRequest, pk: int, service: Callable[..., Any], said: str) -> HttpResponse:
    """停用 / 启用: the programme's one button, back to its page."""
    p = selectors.programme_get(request.user, pk)
    return actions.press(
        request,
        lambda: service(actor=request.user, programme=p),
        success=said.format(p.name),
        to=reverse("programmes:detail", kwargs={"pk": p.pk}),
        refusals=(Conflict,),
    )


# --- 送温暖 ---------------------------------------------------------------------------------------------


def _warmth_form(request: HttpRequest, data: Any) -> WarmthForm:
    roots = access.visible_roots(request.user, Cap.ASSISTANCE_EDIT)
    initial = {"org": roots[0].code} if len(roots) == 1 else {}
    form = WarmthForm(
        data,
        initial=initial,
        programmes=selectors.warmth_programmes(request.user),
        budgets=selectors.budgets_for_batch(request.user),
    )
    return bind_pickers(form, request.user)


def _filters(request: HttpRequest, form: WarmthForm) -> selectors.WarmthFilters | None:
    d = form.cleaned_data
    org = org_selectors.org_filter(request.user, d["org"], Cap.ASSISTANCE_EDIT, form, noun="组织（您可为其申请帮扶的）")
    if org is None or org is org_selectors.NOWHERE:
        if org is None:
            form.add_error("org", "请填写组织编码。")
        return None
    return selectors.WarmthFilters(org=org, categories=list(d["categories"]), cause=d["cause"] or "")


@require_http_methods(["GET", "POST"])
@login_required
def warmth(request: HttpRequest) -> HttpResponse:
    """GET with the form filled: the preview. POST: the run, then the batch's page."""
    if not access.has_cap_anywhere(request.user, Cap.ASSISTANCE_EDIT):
        selectors.require_assistance(request.user)
        raise PermissionDenied()
    data = request.POST if request.method == "POST" else (request.GET if "programme" in request.GET else None)
    form = _warmth_form(request, data)
    preview = None
    if data is not None and form.is_valid():
        filters = _filters(request, form)
        if filters is not None:
            d = form.cleaned_data
            if request.method == "POST":
                try:
                    batch = services.warmth_batch_start(
                        actor=request.user,
                        programme=d["programme"],
                        budget=d["budget"],
                        filters=filters,
                        amount_fen=d["amount"],
                    )
                except (ValidationError, Conflict) as error:
                    apply_domain_error(form, error)
                else:
                    return redirect("programmes:batch", pk=batch.pk)
            else:
                preview = selectors.warmth_preview(
                    request.user, programme=d["programme"], filters=filters, amount_fen=d["amount"], budget=d["budget"]
                )
    # The run repeats exactly the previewed choices, as hidden fields of a POST form.
    run_fields = [(k, v) for k, values in request.GET.lists() if k in form.fields for v in values]
    return render(request, "programmes/warmth.html", {"form": form, "preview": preview, "run_fields": run_fields})


@require_GET
@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    selectors.require_assistance(request.user)
    page = paginate(request, selectors.batch_list(request.user).prefetch_related(grants_prefetch("created_by__grants")))
    can_start = access.has_cap_anywhere(request.user, Cap.ASSISTANCE_EDIT)
    return render(request, "programmes/batches.html", {"page": page, "query": "", "can_start": can_start})


@require_GET
@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(request.user, pk)
    rows = selectors.batch_results(batch)
    context = {
        "batch": batch,
        "rows": rows,
        "running": batch.status in ("pending", "running"),
        "failed_count": sum(1 for r in rows if r.ok is False),
    }
    return render(request, "programmes/batch.html", context)


@require_GET
@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(request.user, pk)
    running = batch.status in ("pending", "running")
    if not running and request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(reverse("programmes:batch", args=[batch.pk]))
    failed_count = sum(1 for r in batch.results if r.get("ok") is False)
    context = {"batch": batch, "running": running, "failed_count": failed_count}
    return render(request, "programmes/_progress.html", context)


BATCH_HEADERS = ["档案编号", "困难职工", "建档工会", "金额（元）", "结果", "说明", "救助支出编号"]


@require_GET
@login_required
def batch_export(request: HttpRequest, pk: int) -> FileResponse:
    batch = selectors.batch_get(request.user, pk)
    rows = (
        (
            r.no,
            r.name,
            r.org_name,
            yuan(r.amount_fen) if r.amount_fen is not None else "",
            "成功" if r.ok else ("未处理" if r.ok is None else "未成功"),
            r.message,
            r.disbursement,
        )
        for r in selectors.batch_results(batch)
    )
    out = write_workbook(BATCH_HEADERS, rows, sheet="送温暖批次")
    event = PendingEvent(actor=request.user, action="warmth_batch.export", org=batch.org)
    event.target(batch)
    record(event, success=True)
    return FileResponse(out, as_attachment=True, filename=f"送温暖批次{batch.pk}_{timezone.localdate():%Y%m%d}.xlsx")
