"""Pages of the organization tree and the employer register. Thin: parse, call access/selectors/services."""

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

from unionhall.core import actions
from unionhall.core.errors import DomainError
from unionhall.core.forms import apply_domain_error
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.paging import pinyin, sortable
from unionhall.orgs import access, selectors, services
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.forms import (
    DissolveForm,
    EmployerFilterForm,
    EmployerForm,
    OrgCodeForm,
    OrgUnitCreateForm,
    OrgUnitForm,
)
from unionhall.orgs.models import Employer, OrgLevel, OrgStatus, OrgUnit
from unionhall.orgs.pickers import bind_pickers


def _unit_context(request: HttpRequest, unit: OrgUnit, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "breadcrumb": access.ancestors_in_reach(request.user, unit), **extra}


@require_GET
@login_required
def tree(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.ORG_VIEW)
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    # ?within=<code>: only that unit's subtree (the home page's figures link here); a code out of reach
    # finds nothing rather than widening the search
    within_code = request.GET.get("within", "").strip()
    within = selectors.org_by_code(request.user, within_code) if within_code else None
    context: dict[str, Any] = {"q": q, "level": level, "levels": OrgLevel.choices, "within": within}
    if q or level:
        found = selectors.org_search(request.user, q, level=level)
        if within_code:
            found = found.filter(path__startswith=within.path if within is not None else "~", status=OrgStatus.ACTIVE)
        results = list(found[:100])
        context["results"] = results
        context["result_paths"] = selectors.paths_to_units(request.user, results)
    else:
        roots = access.visible_roots(request.user)
        context["roots"] = [(root, list(selectors.org_children(request.user, root))) for root in roots]
    return render(request, "orgs/tree.html", context)


@require_GET
@login_required
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx partial that expands one node of the tree browser."""
    unit = access.org_for_user_or_404(request.user, pk)
    return render(request, "orgs/_children.html", {"children": selectors.org_children(request.user, unit)})


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.org_for_user_or_404(request.user, pk)
    user = request.user
    context = _unit_context(
        request,
        unit,
        counts=selectors.org_counts(user, unit),
        children=selectors.org_children(user, unit, include_closed=True),
        employers=selectors.employer_list(user, selectors.EmployerFilters(org=unit))[:20],
        can_edit=access.reach(user, Cap.ORG_EDIT).covers(unit.path),
        can_structure=access.reach(user, Cap.ORG_STRUCTURE).covers(unit.path),
        can_add_employer=access.reach(user, Cap.EMPLOYER_EDIT).covers(unit.path),
        today=timezone.localdate(),
    )
    return render(request, "orgs/detail.html", context)


def _unit_for(request: HttpRequest, pk: int, cap: Cap) -> OrgUnit:
    """The unit if the user sees it (else 404) and may do `cap` there (else 403)."""
    unit = access.org_for_user_or_404(request.user, pk)
    access.require(request.user, cap, unit, obj=unit)
    return unit


def _unit_initial(unit: OrgUnit) -> dict[str, Any]:
    return {name: getattr(unit, name) for name in services.ORG_EDITABLE}


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for(request, pk, Cap.ORG_EDIT)
    form = OrgUnitForm(request.POST or None, initial=_unit_initial(unit))
    done = actions.submit(
        request,
        form,
        lambda d: services.orgunit_update(actor=request.user, unit=unit, **d),
        success="已保存。",
        to=_unit_url(unit),
        refusals=actions.EVERY,
    )
    return done or render(
        request, "orgs/form.html", _unit_context(request, unit, form=form, title=f"编辑：{unit.name}")
    )


@require_http_methods(["GET", "POST"])
@login_required
def add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _unit_for(request, pk, Cap.ORG_STRUCTURE)
    form = OrgUnitCreateForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.orgunit_create(actor=request.user, parent=parent, **d),
        success=lambda unit: f"已新建：{unit.name}",
        to=_unit_url,
        refusals=actions.EVERY,
    )
    return done or render(
        request, "orgs/form.html", _unit_context(request, parent, form=form, title=f"在「{parent.name}」下新建组织")
    )


def _unit_url(unit: OrgUnit) -> str:
    return reverse("orgs:detail", kwargs={"pk": unit.pk})


def _target_form_view(request: HttpRequest, pk: int, *, action: str) -> HttpResponse:
    unit = _unit_for(request, pk, Cap.ORG_STRUCTURE)
    form = bind_pickers(OrgCodeForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        target = selectors.org_by_code(request.user, form.cleaned_data["target"])
        if target is None:
            form.add_error("target", "在您的权限范围内没有这个编码的组织。")
        else:
            moved = action == "move"
            done = actions.submit(
                request,
                form,
                lambda _: (
                    services.orgunit_move(actor=request.user, unit=unit, new_parent=target)
                    if moved
                    else services.orgunit_merge(actor=request.user, unit=unit, into=target)
                ),
                success="已移动。" if moved else f"已合并到：{target.name}",
                to=_unit_url(unit if moved else target),
                refusals=actions.EVERY,
            )
            if done is not None:
                return done
    title = f"移动「{unit.name}」到新的上级" if action == "move" else f"将「{unit.name}」合并到同级组织"
    return render(
        request, "orgs/form.html", _unit_context(request, unit, form=form, title=title, danger=action == "merge")
    )


@require_http_methods(["GET", "POST"])
@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    return _target_form_view(request, pk, action="move")


@require_http_methods(["GET", "POST"])
@login_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    return _target_form_view(request, pk, action="merge")


@require_http_methods(["GET", "POST"])
@login_required
def dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for(request, pk, Cap.ORG_STRUCTURE)
    form = DissolveForm(request.POST or None)
    blockers = services.dissolve_blockers(unit)
    done = actions.submit(
        request,
        form,
        lambda d: services.orgunit_dissolve(actor=request.user, unit=unit, reason=d["reason"]),
        success=f"已撤销：{unit.name}",
        to=_unit_url(unit),
        refusals=actions.EVERY,
    )
    return done or render(
        request,
        "orgs/form.html",
        _unit_context(request, unit, form=form, title=f"撤销「{unit.name}」", blockers=blockers, danger=True),
    )


# --- employers ------------------------------------------------------------------------------------


def _employer_rows(request: HttpRequest) -> tuple[EmployerFilterForm, QuerySet[Employer]]:
    form, filters = bind_filters(
        request,
        EmployerFilterForm,
        selectors.EmployerFilters,
        lambda d: (
            {k: d[k] or "" for k in ("q", "covered", "ownership", "industry")} | {"min_employees": d["min_employees"]}
        ),
        Cap.EMPLOYER_VIEW,
    )
    return form, selectors.employer_list(request.user, filters)


EMPLOYERS = ListPage(
    guard=access.needs(Cap.EMPLOYER_VIEW),
    rows=_employer_rows,
    sorts=sortable("uscc", "industry", name=pinyin("name"), employees="employee_count", org="org__path"),
    template="orgs/employer_list.html",
    more=lambda request, page: {"can_add": access.has_cap_anywhere(request.user, Cap.EMPLOYER_EDIT)},
    export=Export(
        name="用人单位",
        action="employer.export",
        columns=[
            ("单位名称", lambda e: e.name),
            ("统一社会信用代码", lambda e: e.uscc),
            ("经济类型", lambda e: e.get_ownership_display()),
            ("行业", lambda e: e.get_industry_display()),
            ("所在区划", lambda e: e.division.name if e.division else ""),
            ("地址", lambda e: e.address),
            ("成立日期", lambda e: e.registered_on),
            ("开业日期", lambda e: e.opened_on),
            ("职工人数", lambda e: e.employee_count),
            ("属地工会", lambda e: e.org.name),
            ("覆盖工会", lambda e: e.union.name if e.union else "未建会"),
        ],
    ),
)
employer_list = list_view(EMPLOYERS)
employer_export = export_view(EMPLOYERS)


def _employer_breadcrumb(request: HttpRequest, employer: Employer) -> list[OrgUnit]:
    """The path to whichever of the employer's units (territory, union) the user can see."""
    for unit in services.employer_units(employer):
        if unit is not None:
            crumbs = access.ancestors_in_reach(request.user, unit)
            if crumbs:
                return crumbs
    return []


@require_GET
@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = access.get_for_user_or_404(
        request.user,
        Cap.EMPLOYER_VIEW,
        Employer.objects.select_related("org", "union", "division"),
        pk,
        access.EMPLOYER_SCOPE,
    )
    return render(
        request,
        "orgs/employer_detail.html",
        {
            "employer": employer,
            "breadcrumb": _employer_breadcrumb(request, employer),
            "can_edit": any(
                access.reach(request.user, Cap.EMPLOYER_EDIT).covers(u.path)
                for u in services.employer_units(employer)
                if u is not None
            ),
        },
    )


def _employer_values(request: HttpRequest, form: EmployerForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    code = data.pop("union_code", "").strip()
    data["union"] = None
    if code:
        union = selectors.org_by_code(request.user, code, Cap.EMPLOYER_VIEW)
        if union is None:
            form.add_error("union_code", "在您的权限范围内没有这个编码的工会。")
            raise ValueError
        data["union"] = union
    return data


@require_http_methods(["GET", "POST"])
@login_required
def employer_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.org_for_user_or_404(request.user, pk, Cap.EMPLOYER_VIEW)
    access.require(request.user, Cap.EMPLOYER_EDIT, org)
    form = bind_pickers(EmployerForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(actor=request.user, org=org, **_employer_values(request, form))
        except ValueError:
            pass
        except DomainError as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, f"已登记：{employer.name}")
            return redirect("orgs:employer", pk=employer.pk)
    return render(
        request, "orgs/form.html", _unit_context(request, org, form=form, title=f"在「{org.name}」登记用人单位")
    )


@require_http_methods(["GET", "POST"])
@login_required
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = access.get_for_user_or_404(
        request.user, Cap.EMPLOYER_VIEW, Employer.objects.select_related("org", "union"), pk, access.EMPLOYER_SCOPE
    )
    access.require(request.user, Cap.EMPLOYER_EDIT, services.employer_units(employer), obj=employer)
    initial = {name: getattr(employer, name) for name in services.EMPLOYER_EDITABLE if name != "union"}
    initial["union_code"] = employer.union.code if employer.union else ""
    form = bind_pickers(EmployerForm(request.POST or None, initial=initial), request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(actor=request.user, employer=employer, **_employer_values(request, form))
        except ValueError:
            pass
        except DomainError as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect("orgs:employer", pk=employer.pk)
    context = {"form": form, "title": f"编辑：{employer.name}", "breadcrumb": _employer_breadcrumb(request, employer)}
    return render(request, "orgs/form.html", context)
