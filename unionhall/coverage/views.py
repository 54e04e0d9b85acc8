"""Coverage pages: the dashboard that drills down the tree, the 三同步 and election lists, organizing tasks and
the city's settings. Thin: parse, call access/selectors/services, render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.accounts.models import User
from unionhall.core import actions, paging, versions
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.excel import excel_download
from unionhall.core.listpage import Export, rows_export_view
from unionhall.core.paging import (
    PagedRows,
    Sorts,
    paginate,
    pinyin,
    query_without_page,
    sort_rows,
    sortable,
    then_by,
)
from unionhall.coverage import selectors, services, workflow
from unionhall.coverage.forms import (
    AssignForm,
    CoverageSettingsForm,
    ElectionFilterForm,
    SyncFilterForm,
    TaskFilterForm,
)
from unionhall.coverage.models import CoverageSettings, OrganizingTask, TaskStatus
from unionhall.coverage.selectors import Counts, NodeCoverage
from unionhall.coverage.services import TARGETS
from unionhall.members.names import sort_key
from unionhall.orgs import access, drilldown
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import grants_prefetch, label_for_name, person_label
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel


def _crumbs(request: HttpRequest, unit: OrgUnit) -> list[drilldown.Crumb]:
    return drilldown.trail(request.user, unit, Cap.COVERAGE_VIEW, "coverage:node")


def _shell(request: HttpRequest, tab: str, **extra: Any) -> dict[str, Any]:
    """What every coverage page shares: the tab bar and whether the settings tab is offered."""
    return {
        "tab": tab,
        "can_settings": access.holds_at_root(request.user, Cap.COVERAGE_MANAGE),
        **extra,
    }


def _export(request: HttpRequest, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> FileResponse:
    changes = {"list": name, "filters": request.GET.dict()}
    return excel_download(request, name=name, headers=headers, rows=rows, action="coverage.export", changes=changes)


def _page(request: HttpRequest, rows: Sequence[Any] | PagedRows[Any]) -> Any:
    return paginate(request, rows)


def _order(request: HttpRequest, sorts: Sorts, default: Sequence[Any]) -> list[Any]:
    return then_by(paging.sort_key(request, sorts), sorts, default)


def _rows_page(
    request: HttpRequest,
    tab: str,
    listed: Callable[[HttpRequest], tuple[Any, PagedRows[Any]]],
    more: Callable[[], dict[str, Any]] = dict,
) -> HttpResponse:
    """A list paged by the database (三同步, elections): its filter form, one page of its rows, drawn under its
    tab with `coverage/<tab>.html`."""
    access.require_cap_anywhere(request.user, Cap.COVERAGE_VIEW)
    form, rows = listed(request)
    page = _page(request, rows)
    context = _shell(request, tab, form=form, page=page, query=query_without_page(request), **more())
    return render(request, f"coverage/{tab}.html", context)


# The sortable columns of the 三同步 and election lists, ordered by the database (names by pinyin): columns of
# selectors.SYNC_COLUMNS, fields or expressions of the election rows. Rows that tie keep the list's own order.
SYNC_SORTS = sortable("due", "days", employer="name_py", employees="employee_count")
ELECTION_SORTS = sortable(unit=pinyin("name"), term_ends="term_ends_on", days="overdue_days")
# The task list is computed in Python.
TASK_SORTS: dict[str, Any] = {
    "target": lambda t: sort_key(t.target_name),
    "org": lambda t: t.org.path,
    "created": lambda t: t.created_at,
    "status": lambda t: t.status,
}


def percent(value: Decimal | None) -> float | None:
    return None if value is None else float((value * 100).quantize(Decimal("0.1")))


# --- the dashboard ---------------------------------------------------------------------------------


def previous_year() -> int:
    """The year set beside today's figures: the one that ended last (its end-of-year snapshot)."""
    return timezone.localdate().year - 1


def _previous(children: list[NodeCoverage]) -> tuple[int | None, dict[int, Counts]]:
    """Last year's counts of the children shown, and that year, or (None, {}) when none was kept."""
    year = previous_year()
    kept = selectors.snapshot_counts(children, year)
    return (year if kept else None), kept


def _chart(children: list[NodeCoverage], cfg: CoverageSettings, previous: dict[int, Counts]) -> dict[str, Any]:
    """Each child's rates against the city's targets (a dashed line where a target is set) and, where last
    year's snapshot was kept, last year's rates beside them (null for a child without one)."""
    items = []
    for c in children:
        item = {
            "id": c.id,
            "name": c.name,
            "url": reverse("coverage:node", args=[c.id]),
            "unionization": percent(c.total.unionization_rate),
            "membership": percent(c.total.membership_rate),
            "employers": c.total.employers,
            "covered": c.total.employers_covered,
            "members": c.total.members,
            "employees": c.total.covered_employees,
        }
        if previous:
            before = previous.get(c.id)
            item["unionization_prev"] = percent(before.unionization_rate) if before else None
            item["membership_prev"] = percent(before.membership_rate) if before else None
        items.append(item)
    return {
        "targets": {"unionization": percent(cfg.unionization_target), "membership": percent(cfg.membership_target)},
        "previous": bool(previous),
        "items": items,
    }


def _dashboard_context(children: list[NodeCoverage], cfg: CoverageSettings) -> dict[str, Any]:
    year, kept = _previous(children)
    rows = [(c, kept.get(c.id)) for c in children]
    return {"children": children, "rows": rows, "previous_year": year, "chart": _chart(children, cfg, kept)}


# What the node's figures are drawn from: the tree, the city's targets, last year's snapshots.
FIGURE_TOPICS = (*selectors.TREE_TOPICS, "coverage_settings", "coverage_snapshots")


def _figures(view: selectors.CoverageView) -> tuple[str, str]:
    """The node's stats, chart and children's table as HTML: the same for everyone who may open the node, so
    drawn once until the figures under them change (core/versions.py)."""

    def draw() -> tuple[str, str]:
        context = {"node": view.node, "cfg": view.settings, **_dashboard_context(view.children, view.settings)}
        return (
            render_to_string("coverage/_stats.html", context),
            render_to_string("coverage/_children.html", context),
        )

    key = (view.node.path, view.settings.size_threshold, previous_year())
    return versions.cached("coverage_figures", FIGURE_TOPICS, key, draw)


def _node_page(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    view = selectors.coverage_of(request.user, unit)
    context = _shell(
        request,
        "dashboard",
        unit=unit,
        cfg=view.settings,
        node=view.node,
        figures=_figures(view),
        drill=_crumbs(request, unit),
        can_generate=access.reach(request.user, Cap.COVERAGE_MANAGE).covers(unit.path) and unit.status == "active",
        open_tasks=selectors.open_task_count(request.user, unit),
    )
    return render(request, "coverage/dashboard.html", context)


def _roots_page(request: HttpRequest, roots: list[OrgUnit]) -> HttpResponse:
    """A user with several separate grants first chooses among them."""
    nodes = [selectors.coverage_of(request.user, r).node for r in roots]
    cfg = CoverageSettings.current()
    context = _shell(request, "dashboard", node=None, cfg=cfg, **_dashboard_context(nodes, cfg))
    return render(request, "coverage/dashboard.html", context)


dashboard, node = drilldown.views(Cap.COVERAGE_VIEW, _node_page, _roots_page)


NODE_HEADERS = [
    "组织",
    "编码",
    "层级",
    "用人单位（达到规模）",
    "已建会单位",
    "建会率（%）",
    "建会单位职工",
    "会员",
    "入会率（%）",
    "行政村",
    "已建会行政村",
    "社区",
    "已建会社区",
    "新就业形态会员",
]


def _node_row(name: str, n: NodeCoverage, counts: Counts) -> list[Any]:
    return [
        name,
        n.code,
        n.level_label,
        counts.employers,
        counts.employers_covered,
        percent(counts.unionization_rate),
        counts.covered_employees,
        counts.members,
        percent(counts.membership_rate),
        counts.villages,
        counts.villages_with_union,
        counts.communities,
        counts.communities_with_union,
        counts.platform_members,
    ]


@require_GET
@login_required
def node_export(request: HttpRequest, pk: int) -> FileResponse:
    unit = access.org_for_user_or_404(request.user, pk, Cap.COVERAGE_VIEW)
    view = selectors.coverage_of(request.user, unit)
    rows = [
        _node_row(f"{unit.name}（合计）", view.node, view.node.total),
        _node_row(f"{unit.name}（本级直属）", view.node, view.node.own),
        *(_node_row(c.name, c, c.total) for c in view.children),
    ]
    return _export(request, f"覆盖情况_{unit.code}", NODE_HEADERS, rows)


# --- 三同步 ----------------------------------------------------------------------------------------


def _sync(request: HttpRequest) -> tuple[SyncFilterForm, selectors.SyncList]:
    """The rows for the chosen check, subtree and cadre; the cadre choices are the cadres answerable for the
    rows of the chosen check and subtree."""
    form = bind_pickers(SyncFilterForm(request.GET or None), request.user)
    check = request.GET.get("check", "")
    code = request.GET.get("org", "").strip()
    org = org_selectors.org_by_code(request.user, code, Cap.COVERAGE_VIEW) if code else None
    filters = selectors.SyncFilters(
        check=check if check in selectors.SyncCheck.LABELS else "", org=(org or org_selectors.NOWHERE) if code else None
    )
    order = _order(request, SYNC_SORTS, selectors.SYNC_ORDER)
    rows = selectors.SyncList(request.user, filters, order=order)
    named = {c.pk: person_label(c) for c in rows.cadres()}
    form.set_cadres(sorted(named.items(), key=lambda kv: kv[1]))
    if form.is_valid() and form.cleaned_data["cadre"] is not None:
        filters.cadre = form.cleaned_data["cadre"]
        rows = rows.answered_by(filters.cadre)
    if code and org is None:
        form.add_error("org", "在您的权限范围内没有这个编码的组织。")
    return form, rows


@require_GET
@login_required
def sync_list(request: HttpRequest) -> HttpResponse:
    return _rows_page(request, "sync", _sync, lambda: {"cfg": CoverageSettings.current()})


SYNC_EXPORT = Export(
    name="三同步",
    action="coverage.export",
    named=True,
    columns=[
        ("检查项", lambda r: r.check_label),
        ("单位名称", lambda r: r.employer.name),
        ("统一社会信用代码", lambda r: r.employer.uscc),
        ("职工人数", lambda r: r.employer.employee_count),
        ("成立日期", lambda r: r.employer.registered_on),
        ("开业日期", lambda r: r.employer.opened_on),
        ("覆盖工会", lambda r: r.employer.union.name if r.employer.union else "未建会"),
        ("工会成立日期", lambda r: r.employer.union.founded_on if r.employer.union else None),
        ("应完成日期", lambda r: r.due_on),
        ("逾期天数", lambda r: r.days),
        ("情况", lambda r: r.note),
        ("属地工会", lambda r: r.employer.org.name),
        ("责任干部", lambda r: "、".join(str(c) for c in r.cadres)),
    ],
)


def _sync_download(request: HttpRequest) -> FileResponse:
    access.require_cap_anywhere(request.user, Cap.COVERAGE_VIEW)
    return SYNC_EXPORT.response(request, _sync(request)[1])


sync_export = rows_export_view(_sync_download)


# --- committee elections ---------------------------------------------------------------------------


def _elections(request: HttpRequest) -> tuple[ElectionFilterForm, PagedRows[selectors.ElectionRow]]:
    form, filters = bind_filters(
        request,
        ElectionFilterForm,
        selectors.ElectionFilters,
        lambda d: {"problem": d["problem"] or "", "level": d["level"] or ""},
        Cap.COVERAGE_VIEW,
    )
    order = _order(request, ELECTION_SORTS, selectors.ELECTION_ORDER)
    return form, selectors.election_list(request.user, filters, order=order)


@require_GET
@login_required
def election_list(request: HttpRequest) -> HttpResponse:
    return _rows_page(request, "elections", _elections)


ELECTION_EXPORT = Export(
    name="届满未换届",
    action="coverage.export",
    named=True,
    columns=[
        ("组织", lambda r: r.unit.name),
        ("编码", lambda r: r.unit.code),
        ("层级", lambda r: r.unit.get_level_display()),
        ("类型", lambda r: r.unit.get_kind_display() if r.unit.kind else ""),
        ("主席", lambda r: r.unit.chair_name),
        ("届期（年）", lambda r: r.unit.term_years),
        ("本届届满日期", lambda r: r.unit.term_ends_on),
        ("超期天数", lambda r: r.overdue_days),
        ("问题", lambda r: "、".join(r.problems)),
        ("责任干部", lambda r: "、".join(str(c) for c in r.cadres)),
    ],
)


def _election_download(request: HttpRequest) -> FileResponse:
    access.require_cap_anywhere(request.user, Cap.COVERAGE_VIEW)
    return ELECTION_EXPORT.response(request, _elections(request)[1])


election_export = rows_export_view(_election_download)


# --- organizing tasks ------------------------------------------------------------------------------


def _tasks(request: HttpRequest) -> tuple[TaskFilterForm, selectors.TaskFilters]:
    def values(d: dict[str, Any]) -> dict[str, Any]:
        status = d["status"] or TaskStatus.OPEN
        return {
            "status": "" if status == "all" else status,
            "kind": d["kind"] or "",
            "assignee": request.user.pk if d["mine"] else None,
        }

    return bind_filters(request, TaskFilterForm, selectors.TaskFilters, values, Cap.COVERAGE_VIEW)


@require_GET
@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.COVERAGE_VIEW)
    form, filters = _tasks(request)
    tasks = sort_rows(
        request,
        list(selectors.task_list(request.user, filters).prefetch_related(grants_prefetch("assignee__grants"))),
        TASK_SORTS,
    )
    ready = {t.pk for t in tasks if t.status == TaskStatus.OPEN and selectors.task_ready(t)}
    # Managers generate tasks for the subtree they filter on, or else for each top unit they manage.
    generate_for = access.visible_roots(request.user, Cap.COVERAGE_MANAGE)
    if filters.org is not None:
        manage = access.reach(request.user, Cap.COVERAGE_MANAGE)
        generate_for = [filters.org] if filters.org.pk and manage.covers(filters.org.path) else []
    context = _shell(
        request,
        "tasks",
        form=form,
        page=_page(request, tasks),
        query=query_without_page(request),
        generate_for=generate_for,
        ready=ready,
    )
    return render(request, "coverage/tasks.html", context)


TASK_HEADERS = [
    "类型",
    "对象",
    "统一社会信用代码/区划代码",
    "责任单位",
    "责任干部",
    "状态",
    "生成时间",
    "结项时间",
    "新建工会",
]


@require_GET
@login_required
def task_export(request: HttpRequest) -> FileResponse:
    access.require_cap_anywhere(request.user, Cap.COVERAGE_VIEW)
    _, filters = _tasks(request)
    out = (
        (
            t.get_kind_display(),
            t.target_name,
            t.employer.uscc if t.employer else t.division_id,
            t.org.name,
            str(t.assignee or ""),
            t.get_status_display(),
            timezone.localtime(t.created_at),
            timezone.localtime(t.closed_at) if t.closed_at else None,
            t.closing_union.name if t.closing_union else "",
        )
        for t in selectors.task_list(request.user, filters).iterator(chunk_size=2000)
    )
    return _export(request, "建会任务", TASK_HEADERS, out)


@require_POST
@login_required
def task_generate(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.org_for_user_or_404(request.user, pk, Cap.COVERAGE_VIEW)
    access.require(request.user, Cap.COVERAGE_MANAGE, unit, obj=unit)
    try:
        created = services.organizing_tasks_generate(actor=request.user, org=unit)
    except (Conflict, ValidationError) as e:
        messages.error(request, e.message)
    else:
        if created:
            messages.success(request, f"已为「{unit.name}」生成 {len(created)} 项建会任务。")
        else:
            messages.info(request, f"「{unit.name}」没有新的建会缺口：已有的任务不会重复生成。")
    return redirect(f"{reverse('coverage:tasks')}?org={unit.code}")


def _assign_form(task: OrganizingTask, data: Any = None) -> AssignForm:
    users = [(u.pk, person_label(u)) for u in selectors.assignable_users(task)]
    return AssignForm(data, users=users, initial={"assignee": task.assignee_id})


def _task_page(request: HttpRequest, task: OrganizingTask, form: AssignForm | None = None) -> HttpResponse:
    can_manage = access.reach(request.user, Cap.COVERAGE_MANAGE).covers(task.org.path)
    context = _shell(
        request,
        "tasks",
        task=task,
        created_by=label_for_name(task.created_by_name),
        ready=selectors.task_ready(task),
        can_act=can_manage and task.status == TaskStatus.OPEN,
        close_step=next((t for t in kernel.available(task, request.user, workflow.TABLE) if t.name == "close"), None),
        form=form or (_assign_form(task) if can_manage else None),
        answer=selectors.task_answer(task),
        drill=_crumbs(request, task.org),
    )
    return render(request, "coverage/task_detail.html", context)


@require_GET
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, selectors.task_for_user_or_404(request.user, pk))


@require_POST
@login_required
def task_close(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.COVERAGE_MANAGE, task.org, obj=task)
    return actions.press(
        request,
        lambda: services.organizing_task_close(actor=request.user, task=task),
        success=lambda done: f"任务已结项：新建工会「{done.closing_union.name if done.closing_union else ''}」。",
        to=_task_url(task),
    )


def _task_url(task: OrganizingTask) -> str:
    return reverse("coverage:task", kwargs={"pk": task.pk})


@require_POST
@login_required
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.COVERAGE_MANAGE, task.org, obj=task)
    form = _assign_form(task, request.POST)
    if form.is_valid():
        uid = form.cleaned_data["assignee"]
        user = User.objects.filter(pk=uid).first() if uid is not None else None
        done = actions.submit(
            request,
            form,
            lambda _: services.organizing_task_assign(actor=request.user, task=task, user=user),
            success=f"已分派给 {user}。" if user else "已取消分派。",
            to=_task_url(task),
        )
        if done is not None:
            return done
    return _task_page(request, task, form)


# --- settings --------------------------------------------------------------------------------------


def _settings_root(request: HttpRequest) -> OrgUnit:
    """The settings are the city's: only who manages coverage at the root may open them."""
    root = org_selectors.city_root_or_404()
    access.require(request.user, Cap.COVERAGE_MANAGE, root)
    return root


def _as_percent(share: Decimal) -> Decimal:
    """0.80 → 80 and 0.755 → 75.5 for the form, never 8E+1."""
    value = share * 100
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    _settings_root(request)
    cfg = CoverageSettings.current()
    # the rates are shares (0.80) stored, percentages (80) shown
    rates = ("sync_join_rate", *TARGETS)
    initial = {name: getattr(cfg, name) for name in ("size_threshold", "sync_since", "sync_found_days")}
    initial |= {name: _as_percent(getattr(cfg, name)) for name in rates if getattr(cfg, name) is not None}
    form = CoverageSettingsForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        shares = {name: None if data[name] is None else data[name] / 100 for name in rates}
        return services.coverage_settings_update(actor=request.user, **(data | shares))

    done = actions.submit(request, form, save, success="覆盖统计设置已保存。", to="coverage:settings")
    return done or render(request, "coverage/settings.html", _shell(request, "settings", form=form, cfg=cfg))
