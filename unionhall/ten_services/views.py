"""十送 pages: the log with filters and its export, the record form (new and correction), a record's page,
and the roll-up by kind × child org that drills down the tree. Thin: parse, call selectors/services, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.forms import apply_domain_error
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.money import yuan
from unionhall.core.months import window, window_before
from unionhall.core.paging import query_without_page, sortable
from unionhall.orgs import access, drilldown
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import actor_label, grants_prefetch
from unionhall.orgs.pickers import bind_pickers
from unionhall.ten_services import selectors, services
from unionhall.ten_services.forms import DeliveryFilterForm, DeliveryForm
from unionhall.ten_services.models import DeliveryKind, ServiceDelivery
from unionhall.ten_services.selectors import KINDS, DeliveryFilters, Rollup


def _require_edit_somewhere(request: HttpRequest) -> None:
    access.require_cap_anywhere(request.user, Cap.ASSISTANCE_VIEW)
    if not access.has_cap_anywhere(request.user, Cap.ASSISTANCE_EDIT):
        raise PermissionDenied()


def _filters(request: HttpRequest) -> tuple[DeliveryFilterForm, DeliveryFilters]:
    return bind_filters(
        request,
        DeliveryFilterForm,
        DeliveryFilters,
        lambda d: {"kind": d["kind"] or "", "date_from": d["date_from"], "date_to": d["date_to"]},
        Cap.ASSISTANCE_VIEW,
    )


def _rows(request: HttpRequest) -> tuple[DeliveryFilterForm, QuerySet[ServiceDelivery]]:
    form, filters = _filters(request)
    return form, selectors.delivery_list(request.user, filters)


DELIVERIES = ListPage(
    guard=access.needs(Cap.ASSISTANCE_VIEW),
    rows=_rows,
    sorts=sortable("kind", date="delivered_on", org="org__path", beneficiaries="beneficiary_count", cost="cost_fen"),
    template="ten_services/list.html",
    more=lambda request, page: {"can_record": access.has_cap_anywhere(request.user, Cap.ASSISTANCE_EDIT)},
    export=Export(
        name="十送服务记录",
        action="delivery.export",
        columns=[
            ("日期", lambda d: d.delivered_on),
            ("类别", lambda d: d.get_kind_display()),
            ("活动名称", lambda d: d.title),
            ("服务单位", lambda d: d.org.name),
            ("单位编码", lambda d: d.org.code),
            ("受益人数", lambda d: d.beneficiary_count),
            ("具名受益人", lambda d: "；".join(f"{p.name} {p.id_number_masked}" for p in d.beneficiaries.all())),
            ("费用（元）", lambda d: yuan(d.cost_fen)),
            ("备注", lambda d: d.note),
            ("登记人", lambda d: actor_label(d.recorded_by)),
        ],
        fetch=lambda qs: qs.prefetch_related("beneficiaries", grants_prefetch("recorded_by__grants")),
        chunk=1000,
    ),
)
delivery_list = list_view(DELIVERIES)
delivery_export = export_view(DELIVERIES)


@require_GET
@login_required
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery_get(request.user, pk)
    can_edit = access.reach(request.user, Cap.ASSISTANCE_EDIT).covers(d.org.path)
    context = {"d": d, "named": list(d.beneficiaries.order_by("name")), "can_edit": can_edit}
    return render(request, "ten_services/detail.html", context)


def _save(request: HttpRequest, form: DeliveryForm, delivery: ServiceDelivery | None) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    d = form.cleaned_data
    identifiers = services.split_identifiers(d["beneficiaries"])
    # What a record and a correction both say of the service.
    said = {name: d[name] for name in ("kind", "delivered_on", "title", "note")} | {"cost_fen": d["cost"] or 0}
    try:
        if delivery is None:
            org = org_selectors.org_by_code(request.user, d["org"], Cap.ASSISTANCE_VIEW)
            if org is None:
                form.add_error("org", "在您的权限范围内没有这个编码的组织。")
                return None
            saved = services.delivery_record(
                actor=request.user,
                org=org,
                beneficiary_count=d["beneficiary_count"],
                beneficiaries=identifiers,
                **said,
            )
        else:
            count = d["beneficiary_count"]
            saved = services.delivery_update(
                actor=request.user,
                delivery=delivery,
                beneficiary_count=count if count is not None else len(identifiers),
                # An empty box on the correction form keeps the named persons as they are.
                beneficiaries=identifiers or None,
                **said,
            )
    except (ValidationError, Conflict) as error:
        apply_domain_error(form, error)
        return None
    except (PermissionDenied, NotFound):
        if delivery is not None:
            raise
        form.add_error("org", "您不能在该组织名下登记服务记录。")
        return None
    messages.success(request, "服务记录已保存。")
    return redirect("ten_services:detail", pk=saved.pk)


@require_http_methods(["GET", "POST"])
@login_required
def delivery_create(request: HttpRequest) -> HttpResponse:
    _require_edit_somewhere(request)
    roots = access.visible_roots(request.user, Cap.ASSISTANCE_EDIT)
    initial = {"org": roots[0].code if len(roots) == 1 else "", "delivered_on": timezone.localdate()}
    form = bind_pickers(DeliveryForm(request.POST or None, initial=initial), request.user)
    return _save(request, form, None) or render(request, "ten_services/form.html", {"form": form, "d": None})


@require_http_methods(["GET", "POST"])
@login_required
def delivery_edit(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery_get(request.user, pk)
    access.require(request.user, Cap.ASSISTANCE_EDIT, d.org, obj=d)
    initial = {
        "org": d.org.code,
        "kind": d.kind,
        "delivered_on": d.delivered_on,
        "title": d.title,
        "beneficiary_count": d.beneficiary_count,
        "cost": d.cost_fen,
        "note": d.note,
    }
    form = bind_pickers(DeliveryForm(request.POST or None, initial=initial), request.user)
    form.fields["org"].disabled = True
    form.fields["beneficiaries"].help_text = "留空则保留已登记的具名受益人；填写则整体替换。每行一个身份证号或会员编号"
    return _save(request, form, d) or render(
        request, "ten_services/form.html", {"form": form, "d": d, "named": list(d.beneficiaries.order_by("name"))}
    )


# --- the roll-up ----------------------------------------------------------------------------------------


def _chart(request: HttpRequest, r: Rollup, kind: str) -> dict[str, Any]:
    """Deliveries each month of the last 12 beside the 12 before (of the kind filtered, or all): what the
    table, one period by kind and unit, cannot show. The table is not drawn again as a chart."""
    months = window()
    return {
        "kind": str(DeliveryKind(kind).label) if kind else "",
        "months": [f"{m.month}月" for m in months],
        "current": selectors.by_month(request.user, r.node, months, kind),
        "before": selectors.by_month(request.user, r.node, window_before(months), kind),
    }


def _table(r: Rollup) -> list[dict[str, Any]]:
    def row(part: Any, *, url: str = "", testid: str = "") -> dict[str, Any]:
        t = part.total
        return {
            "label": part.label,
            "url": url,
            "testid": testid,
            "counts": [part.by_kind[k.value].deliveries for k in KINDS],
            "deliveries": t.deliveries,
            "beneficiaries": t.beneficiaries,
            "cost_fen": t.cost_fen,
        }

    children = [row(c, url=reverse("ten_services:rollup_node", args=[c.unit.pk])) for c in r.children if c.unit]
    return [*children, row(r.own, testid="rollup-own"), row(r.total, testid="rollup-total")]


def _rollup_page(request: HttpRequest, node: OrgUnit) -> HttpResponse:
    form, filters = _filters(request)
    r = selectors.rollup(request.user, node, filters)
    context = {
        "form": form,
        "r": r,
        "kinds": KINDS,
        "table": _table(r),
        "chart": _chart(request, r, filters.kind),
        "drill": drilldown.trail(request.user, node, Cap.ASSISTANCE_VIEW, "ten_services:rollup_node"),
        "query": query_without_page(request),
    }
    return render(request, "ten_services/rollup.html", context)


def _roots_page(request: HttpRequest, roots: list[OrgUnit]) -> HttpResponse:
    """A user with several separate grants first picks one."""
    return render(request, "ten_services/roots.html", {"roots": roots})


rollup, rollup_node = drilldown.views(Cap.ASSISTANCE_VIEW, _rollup_page, _roots_page)
