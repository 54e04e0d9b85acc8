"""Pages of skills contests: the list in reach (filters, sort, Excel), registering a contest, a contest's page
(items, entrants with their scores, judges and the panel's link, the provisional or final ranking's top, the
steps of its life as folded forms), the forms that set it up (items, entrants, judges), an entrant's theory
scores, and the ranking page (sortable, Excel). Thin: parse, call selectors/services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.contests import scores, selectors, services, workflow
from unionhall.contests.forms import (
    ContestFilterForm,
    ContestForm,
    EntrantForm,
    ItemForm,
    JudgeForm,
    StepForm,
    TheoryForm,
)
from unionhall.contests.models import ContestStatus, ItemKind, SkillsContest
from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.excel import excel_download
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.paging import sort_rows, sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.pickers import bind_pickers
from unionhall.panels import selectors as panel_selectors
from unionhall.workflow import kernel


def contest_url(contest: SkillsContest) -> str:
    return reverse("contests:contest", args=[contest.pk])


# --- the list ---------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[ContestFilterForm, QuerySet[SkillsContest]]:
    form, chosen = bind_chosen(request, ContestFilterForm, Cap.COMPETITION_VIEW, noun="单位")
    qs = under_chosen(selectors.contests_for(request.user), chosen)
    v = chosen.values
    if v.get("status"):
        qs = qs.filter(status=v["status"])
    if v.get("year"):
        qs = qs.filter(starts_on__year__lte=v["year"], ends_on__year__gte=v["year"])
    if v.get("trade"):
        qs = qs.filter(trade__contains=v["trade"].strip())
    if v.get("q"):
        qs = qs.filter(title__contains=v["q"].strip())
    if v.get("waiting"):
        qs = qs.filter(pk__in=selectors.waiting(request.user).values("pk"))
    return form, qs


def _fetch(qs: QuerySet[SkillsContest]) -> QuerySet[SkillsContest]:
    return qs.select_related("org").annotate(n_entrants=Count("entrants", distinct=True))


COLUMNS: list[Column] = [
    ("编号", lambda c: c.pk),
    ("竞赛名称", lambda c: c.title),
    ("工种", lambda c: c.trade),
    ("主办单位", lambda c: c.org.name),
    ("开始日期", lambda c: c.starts_on.isoformat()),
    ("结束日期", lambda c: c.ends_on.isoformat()),
    ("比赛地点", lambda c: c.place),
    ("状态", lambda c: c.get_status_display()),
    ("参赛选手", lambda c: c.n_entrants),
]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"can_create": access.has_cap_anywhere(request.user, Cap.COMPETITION_MANAGE)}


CONTESTS = ListPage(
    guard=access.needs(Cap.COMPETITION_VIEW),
    rows=_filtered,
    sorts=sortable("title", "status", "trade", starts_on="starts_on", org="org__path"),
    default="-starts_on",
    template="contests/contest_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="技能竞赛", action="contest.export", columns=COLUMNS, fetch=_fetch),
)
contest_list = list_view(CONTESTS)
contest_export = export_view(CONTESTS)


# --- registering and setting up a contest -------------------------------------------------------------


def _render_form(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "button": extra.pop("button", title), "back": back, **extra}
    return render(request, "contests/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def contest_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.COMPETITION_MANAGE, seen=Cap.COMPETITION_VIEW)
    form = bind_pickers(ContestForm(request.POST or None), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {k: data.get(k) for k in ("org", "starts_on", "ends_on")}
        values |= {k: data.get(k) or "" for k in ("title", "trade", "place")}
        add_further_errors(form, services.contest_problems(**values))
    done = actions.submit(
        request,
        form,
        lambda d: services.contest_create(actor=request.user, **values),
        success=lambda c: f"已登记：{c.title}。请设置理论、实操项目并登记选手，然后开赛。",
        to=contest_url,
    )
    return done or _render_form(request, form, "登记技能竞赛", reverse("contests:list"), button="登记")


def _kept(request: HttpRequest, pk: int) -> SkillsContest:
    """A contest the user organizes: 404 out of sight, 403 for who only reads it."""
    contest = selectors.contest_for_user_or_404(request.user, pk)
    workflow.KEEPER.require(request.user, contest)
    return contest


def _action(
    request: HttpRequest, contest: SkillsContest, title: str, form: Any, run: Any, success: Any
) -> HttpResponse:
    url = contest_url(contest)
    done = actions.submit(request, form, run, success=success, to=url, conflict_to=url)
    return done or _render_form(request, form, title, url, contest=contest)


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _kept(request, pk)
    form = ItemForm(request.POST or None)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {k: data.get(k) or "" for k in ("kind", "name", "weight")}
        values["max_score"] = data.get("max_score") or 100  # 满分 left blank: 100
        items = list(contest.items.all())
        add_further_errors(
            form,
            services.item_problems(
                **values, taken=[i.name for i in items], weight_left=100 - sum(i.weight for i in items)
            ),
        )
    run = lambda d: services.contest_item_add(actor=request.user, contest=contest, **values)  # noqa: E731
    return _action(request, contest, "添加竞赛项目", form, run, lambda i: f"已添加{i}，权重 {i.weight}%。")


@require_http_methods(["GET", "POST"])
@login_required
def entrant_add(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _kept(request, pk)
    form = EntrantForm(request.POST or None)

    def run(d: dict[str, Any]) -> Any:
        person = selectors.member_by_number(request.user, d["member_no"])
        return services.contest_entrant_add(actor=request.user, contest=contest, person=person)

    return _action(request, contest, "登记参赛选手", form, run, lambda e: f"已登记 {e.label}：{e.person.name}。")


@require_http_methods(["GET", "POST"])
@login_required
def judge_add(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _kept(request, pk)
    form = JudgeForm(request.POST or None)

    def run(d: dict[str, Any]) -> Any:
        user = get_user_model().objects.filter(username=d["username"].strip()).first()
        return services.contest_judge_add(actor=request.user, contest=contest, user=user)

    return _action(request, contest, "添加评委", form, run, "评委已添加。")


STEPS = {
    "start": lambda user, c, d: services.contest_start(actor=user, contest=c),
    "finish": lambda user, c, d: services.contest_finish(actor=user, contest=c, awarded_top=d["awarded_top"]),
    "cancel": lambda user, c, d: services.contest_cancel(actor=user, contest=c, reason=d["reason"]),
}


@require_http_methods(["GET", "POST"])
@login_required
def contest_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    contest = selectors.contest_for_user_or_404(request.user, pk)
    if name not in STEPS:
        raise NotFound()
    transition = workflow.TABLE.get(name)
    workflow.TABLE.require(request.user, contest, transition)
    # Bound on every POST: a step with nothing to type is sent by its button alone.
    form = StepForm(request.POST if request.method == "POST" else None, transition=transition)
    url = contest_url(contest)
    done = actions.submit(
        request,
        form,
        lambda d: STEPS[name](request.user, contest, d),
        success=f"已办理「{transition.label}」。",
        to=url,
        conflict_to=url,
    )
    context = {"contest": contest, "form": form, "transition": transition}
    return done or render(request, "contests/contest_step.html", context)


# --- one contest ------------------------------------------------------------------------------------


def _rows(contest: SkillsContest) -> list[dict[str, Any]]:
    """Every entrant with its scores and place: frozen once the contest finished, else as they stand."""
    entrants = {e.pk: e for e in contest.entrants.select_related("person", "org")}
    counts = scores.judge_counts(contest)
    if contest.status == ContestStatus.FINISHED:
        return [
            {
                "e": e,
                "rank": e.rank,
                "theory": e.theory,
                "practice": e.practice,
                "total": e.total,
                "complete": True,
                "judges": counts.get(e.pk, 0),
            }
            for e in sorted(entrants.values(), key=lambda e: (e.rank or 0, e.number))
        ]
    return [
        {
            "e": entrants[p.line.entrant],
            "rank": p.rank,
            "theory": p.line.theory,
            "practice": p.line.practice,
            "total": p.line.total,
            "complete": p.line.complete,
            "judges": counts.get(p.line.entrant, 0),
        }
        for p in scores.standings(contest)
    ]


@require_GET
@login_required
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_for_user_or_404(request.user, pk)
    organizes = selectors.organizes(request.user, contest)
    items = list(contest.items.all())
    offered = kernel.available(contest, request.user, workflow.TABLE)
    panel = contest.panel
    sees_panel = panel is not None and (
        panel_selectors.oversees(request.user, panel) or panel_selectors.is_member(request.user, panel)
    )
    context = {
        "c": contest,
        "items": items,
        "theory_weight": sum(i.weight for i in items if i.kind == ItemKind.THEORY),
        "practice_weight": sum(i.weight for i in items if i.kind == ItemKind.PRACTICE),
        "has_theory": any(i.kind == ItemKind.THEORY for i in items),
        "rows": _rows(contest),
        "judges": list(panel.members.select_related("user")) if panel is not None else [],
        "sees_panel": sees_panel,
        "steps": [(t, StepForm(transition=t, auto_id=f"{t.name}_%s")) for t in offered],
        "events": list(contest.events.select_related("actor")),
        "organizes": organizes,
        "draft": contest.status == ContestStatus.DRAFT,
        "running": contest.status == ContestStatus.RUNNING,
        "finished": contest.status == ContestStatus.FINISHED,
        "problems": workflow.setup_problems(contest) if contest.status == ContestStatus.DRAFT else [],
    }
    return render(request, "contests/contest_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def theory_enter(request: HttpRequest, pk: int) -> HttpResponse:
    entrant = selectors.entrant_for_user_or_404(request.user, pk)
    contest = entrant.contest
    workflow.KEEPER.require(request.user, contest)
    items = list(contest.items.filter(kind=ItemKind.THEORY))
    given = {s.item_id: f"{s.score:g}" for s in entrant.item_scores.all()}
    form = TheoryForm(request.POST or None, items=items, initial={f"t_{k}": v for k, v in given.items()})
    values: dict[int, Any] = {}
    if form.is_bound:
        form.is_valid()
        values = {i.pk: form.cleaned_data.get(f"t_{i.pk}") or "" for i in items}
        add_further_errors(form, services.theory_problems(items, values))
    run = lambda d: services.contest_theory_enter(actor=request.user, entrant=entrant, values=values)  # noqa: E731
    title = f"录入理论成绩：{entrant.label} {entrant.person.name}"
    return _action(request, contest, title, form, run, f"已录入 {entrant.label} 的理论成绩。")


# --- the ranking --------------------------------------------------------------------------------------

RANK_SORTS = {
    "rank": lambda r: r["rank"],
    "number": lambda r: r["e"].number,
    "total": lambda r: r["total"],
    "theory": lambda r: r["theory"],
    "practice": lambda r: r["practice"],
    "union": lambda r: r["e"].org.path,
}


def _ranking_rows(request: HttpRequest, contest: SkillsContest) -> list[dict[str, Any]]:
    rows = _rows(contest)
    return sort_rows(request, rows, RANK_SORTS) if request.GET.get("sort") else rows


@require_GET
@login_required
def ranking_page(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_for_user_or_404(request.user, pk)
    context = {
        "c": contest,
        "rows": _ranking_rows(request, contest),
        "finished": contest.status == ContestStatus.FINISHED,
        "query": request.GET.urlencode(),
    }
    return render(request, "contests/ranking.html", context)


@require_GET
@login_required
def ranking_export(request: HttpRequest, pk: int) -> FileResponse:
    contest = selectors.contest_for_user_or_404(request.user, pk)
    final = contest.status == ContestStatus.FINISHED
    rows = _ranking_rows(request, contest)
    return excel_download(
        request,
        name=f"技能竞赛排名_{contest.pk}",
        headers=[
            "名次",
            "参赛编号",
            "姓名",
            "所在工会",
            "理论得分",
            "实操得分",
            "总分",
            "获奖" if final else "成绩齐全",
        ],
        rows=(
            [
                r["rank"],
                f"{r['e'].number:03d}",
                r["e"].person.name,
                r["e"].org.name,
                r["theory"],
                r["practice"],
                r["total"],
                ("是" if r["e"].awarded else "") if final else ("是" if r["complete"] else "否"),
            ]
            for r in rows
        ),
        action="contest.ranking_export",
        changes={"contest": contest.pk, "final": final},
    )
