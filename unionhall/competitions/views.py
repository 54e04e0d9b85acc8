"""Pages of labour competitions: the list in reach (filters, sort, Excel), a competition's page (organizers,
indicators, stages, participants, results to verify), the forms that set it up and take its steps, a
participant's result entry, a result's page with the organizer's verify and return, and the ranking page
whose table refreshes itself (htmx polls the fragment `ranking_rows` every few seconds). Thin: parse, call
selectors/services, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.competitions import ranking, selectors, services, workflow
from unionhall.competitions.forms import (
    CompetitionFilterForm,
    CompetitionForm,
    FinishForm,
    IndicatorForm,
    ParticipantForm,
    ReasonForm,
    ResultForm,
    StageForm,
    ValueForm,
)
from unionhall.competitions.models import Competition, CompetitionStatus, Indicator, Result, ResultStatus, Stage
from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.paging import sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel

# How often the ranking page asks for its table again (seconds).
REFRESH_SECONDS = 3


def competition_url(competition: Competition) -> str:
    return reverse("competitions:competition", args=[competition.pk])


def result_url(result: Result) -> str:
    return reverse("competitions:result", args=[result.pk])


# --- the list ---------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[CompetitionFilterForm, QuerySet[Competition]]:
    form, chosen = bind_chosen(request, CompetitionFilterForm, Cap.COMPETITION_VIEW, noun="单位")
    qs = selectors.competitions_for(request.user)
    qs = under_chosen(qs, chosen)
    v = chosen.values
    if v.get("status"):
        qs = qs.filter(status=v["status"])
    if v.get("kind"):
        qs = qs.filter(kind=v["kind"])
    if v.get("year"):
        qs = qs.filter(starts_on__year__lte=v["year"], ends_on__year__gte=v["year"])
    if v.get("q"):
        qs = qs.filter(title__contains=v["q"].strip())
    if v.get("waiting"):
        qs = qs.filter(pk__in=selectors.waiting(request.user).values("competition_id"))
    return form, qs


def _fetch(qs: QuerySet[Competition]) -> QuerySet[Competition]:
    return qs.select_related("org").annotate(
        n_participants=Count("participants", distinct=True),
        n_waiting=Count("results", filter=Q(results__status=ResultStatus.ENTERED), distinct=True),
    )


def _columns(now: Any) -> list[Column]:
    return [
        ("编号", lambda c: c.pk),
        ("竞赛名称", lambda c: c.title),
        ("竞赛类型", lambda c: c.get_kind_display()),
        ("主办单位", lambda c: c.org.name),
        ("开始日期", lambda c: c.starts_on.isoformat()),
        ("结束日期", lambda c: c.ends_on.isoformat()),
        ("状态", lambda c: c.get_status_display()),
        ("参赛单位", lambda c: c.n_participants),
        ("待核定成绩", lambda c: c.n_waiting),
    ]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"can_create": access.has_cap_anywhere(request.user, Cap.COMPETITION_MANAGE)}


COMPETITIONS = ListPage(
    guard=access.needs(Cap.COMPETITION_VIEW),
    rows=_filtered,
    sorts=sortable("title", "status", "kind", starts_on="starts_on", org="org__path"),
    default="-starts_on",
    template="competitions/competition_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="劳动竞赛", action="competition.export", columns=_columns, fetch=_fetch),
)
competition_list = list_view(COMPETITIONS)
competition_export = export_view(COMPETITIONS)


# --- registering and setting up a competition ----------------------------------------------------------


def _render_form(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "button": extra.pop("button", title), "back": back, **extra}
    return render(request, "competitions/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def competition_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.COMPETITION_MANAGE, seen=Cap.COMPETITION_VIEW)
    form = bind_pickers(CompetitionForm(request.POST or None), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {
            "org": data.get("org"),
            "title": data.get("title") or "",
            "kind": data.get("kind") or "",
            "starts_on": data.get("starts_on"),
            "ends_on": data.get("ends_on"),
            "description": data.get("description") or "",
        }
        co, unknown = _units_by_code(request.user, data.get("co_organizers") or "")
        if unknown:
            form.add_error("co_organizers", f"在您的权限范围内没有这些单位：{'、'.join(unknown)}。")
        values["co_organizers"] = co
        add_further_errors(form, services.competition_problems(**values))
    done = actions.submit(
        request,
        form,
        lambda d: services.competition_create(actor=request.user, **values),
        success=lambda c: f"已登记：{c.title}。请设置指标、阶段和参赛单位，然后开赛。",
        to=competition_url,
    )
    return done or _render_form(request, form, "登记劳动竞赛", reverse("competitions:list"), button="登记")


def _units_by_code(user: Any, text: str) -> tuple[list[OrgUnit], list[str]]:
    """The units named by their codes, among those the user sees; the codes not found."""
    codes = [c for c in text.replace("，", ",").replace(",", " ").split() if c]
    found = {u.code: u for u in access.orgs_with(user, Cap.ORG_VIEW).filter(code__in=codes)}
    return [found[c] for c in dict.fromkeys(codes) if c in found], [c for c in codes if c not in found]


def _kept(request: HttpRequest, pk: int) -> Competition:
    """A competition the user organizes: 404 out of sight, 403 for who only reads it."""
    competition = selectors.competition_for_user_or_404(request.user, pk)
    workflow.KEEPER.require(request.user, competition)
    return competition


def _action(
    request: HttpRequest, competition: Competition, title: str, form: Any, run: Any, success: actions.Said,
    step: Any = None,
) -> HttpResponse:  # fmt: skip
    url = competition_url(competition)
    done = actions.submit(request, form, run, success=success, to=url, conflict_to=url)
    return done or _render_form(request, form, title, url, competition=competition, step=step)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _kept(request, pk)
    form = IndicatorForm(request.POST or None)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {k: data.get(k) for k in ("code", "name", "weight", "target", "unit", "direction", "method")}
        values["cap_percent"] = data.get("cap_percent") if data.get("cap_percent") is not None else 120
        add_further_errors(form, services.indicator_problems(competition=competition, **values))
    run = lambda d: services.competition_indicator_add(actor=request.user, competition=competition, **values)  # noqa: E731
    return _action(request, competition, "添加指标", form, run, lambda i: f"已添加指标 {i.code} {i.name}。")


def _indicator_of(request: HttpRequest, pk: int, indicator_pk: int) -> tuple[Competition, Indicator]:
    competition = _kept(request, pk)
    indicator = competition.indicators.filter(pk=indicator_pk).first()
    if indicator is None:
        raise NotFound()
    return competition, indicator


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Change an indicator while the competition is in preparation: the form keeps what was typed and shows
    every error at once."""
    competition, indicator = _indicator_of(request, pk, indicator_pk)
    initial = {k: getattr(indicator, k) for k in services.INDICATOR_FIELDS}
    form = IndicatorForm(request.POST or None, initial=initial)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {k: data.get(k) for k in ("code", "name", "weight", "target", "unit", "direction", "method")}
        values["cap_percent"] = data.get("cap_percent") if data.get("cap_percent") is not None else 120
        others = sum(competition.indicators.exclude(pk=indicator.pk).values_list("weight", flat=True), Decimal(0))
        add_further_errors(
            form,
            services.indicator_problems(
                competition=competition, weight_left=Decimal(100) - others, exclude=indicator.pk, **values
            ),
        )
    run = lambda d: services.competition_indicator_edit(actor=request.user, indicator=indicator, **values)  # noqa: E731
    return _action(
        request, competition, f"修改指标 {indicator.code}", form, run, lambda i: f"已修改指标 {i.code} {i.name}。"
    )


@require_http_methods(["POST"])
@login_required
def indicator_remove(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Remove an indicator while the competition is in preparation (the page's button asks first)."""
    competition, indicator = _indicator_of(request, pk, indicator_pk)
    return actions.press(
        request,
        lambda: services.competition_indicator_remove(actor=request.user, indicator=indicator),
        success=f"已删除指标 {indicator.code} {indicator.name}。",
        to=competition_url(competition),
    )


@require_http_methods(["GET", "POST"])
@login_required
def stage_add(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _kept(request, pk)
    form = StageForm(request.POST or None)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {"name": data.get("name") or "", "starts_on": data.get("starts_on"), "ends_on": data.get("ends_on")}
        add_further_errors(form, services.stage_problems(competition=competition, **values))
    run = lambda d: services.competition_stage_add(actor=request.user, competition=competition, **values)  # noqa: E731
    return _action(request, competition, "添加阶段", form, run, lambda s: f"已添加阶段：{s.name}。")


@require_http_methods(["GET", "POST"])
@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _kept(request, pk)
    form = bind_pickers(ParticipantForm(request.POST or None), request.user)
    run = lambda d: services.competition_participant_add(  # noqa: E731
        actor=request.user, competition=competition, org=d["org"], team=d.get("team") or ""
    )
    return _action(request, competition, "登记参赛单位", form, run, lambda p: f"已登记参赛单位：{p.label}。")


@require_http_methods(["POST"])
@login_required
def competition_start(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    return actions.press(
        request,
        lambda: services.competition_start(actor=request.user, competition=competition),
        success="竞赛已开赛，参赛单位可以填报成绩。",
        to=competition_url(competition),
    )


@require_http_methods(["GET", "POST"])
@login_required
def competition_finish(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    transition = workflow.TABLE.get("finish")
    workflow.TABLE.require(request.user, competition, transition)
    form = FinishForm(request.POST or None)
    run = lambda d: services.competition_finish(actor=request.user, competition=competition, **d)  # noqa: E731
    return _action(request, competition, transition.label, form, run, "竞赛已结束，最终排名已冻结。", step=transition)


@require_http_methods(["GET", "POST"])
@login_required
def competition_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    transition = workflow.TABLE.get("cancel")
    workflow.TABLE.require(request.user, competition, transition)
    form = ReasonForm(request.POST or None)
    run = lambda d: services.competition_cancel(  # noqa: E731
        actor=request.user, competition=competition, reason=d["reason"]
    )
    return _action(request, competition, transition.label, form, run, "竞赛已取消。", step=transition)


# --- one competition ------------------------------------------------------------------------------


@require_GET
@login_required
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    organizes = selectors.organizes(request.user, competition)
    enterable = selectors.participants_entered_by(request.user, competition)
    indicators = list(competition.indicators.all())
    results = list(
        selectors.results_of(competition).order_by("status", "stage__number", "participant_id", "indicator__position")
    )
    context = {
        "c": competition,
        "co_organizers": list(competition.co_organizers.all()),
        "indicators": indicators,
        "weight_total": sum(i.weight for i in indicators),
        "stages": list(competition.stages.all()),
        "participants": list(competition.participants.select_related("org")),
        "results": results,
        "steps": kernel.available(competition, request.user, workflow.TABLE),
        "organizes": organizes,
        "draft": competition.status == CompetitionStatus.DRAFT,
        "running": competition.status == CompetitionStatus.RUNNING,
        "may_enter": competition.status == CompetitionStatus.RUNNING and enterable.exists(),
        "problems": workflow.setup_problems(competition) if competition.status == CompetitionStatus.DRAFT else [],
    }
    return render(request, "competitions/competition_detail.html", context)


# --- results ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def result_enter(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    participants = {p.pk: p for p in selectors.participants_entered_by(request.user, competition)}
    if not participants:  # seen, as an organizer's reviewer or co-organizer, but nobody's results to enter
        raise PermissionDenied("成绩由参赛单位填报。")
    stages = {s.pk: s for s in competition.stages.all()}
    indicators = {i.pk: i for i in competition.indicators.all()}
    form = ResultForm(
        request.POST or None,
        participants=[(pk, p.label) for pk, p in participants.items()],
        stages=[(pk, s.name) for pk, s in stages.items()],
        indicators=[
            (pk, f"{i.code} {i.name}（{i.unit}）" if i.unit else f"{i.code} {i.name}") for pk, i in indicators.items()
        ],
    )
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {
            "participant": participants.get(data.get("participant") or 0),
            "stage": stages.get(data.get("stage") or 0),
            "indicator": indicators.get(data.get("indicator") or 0),
            "value": data.get("value") or "",
        }
        add_further_errors(form, services.result_problems(competition=competition, **values))
    run = lambda d: services.competition_result_enter(actor=request.user, competition=competition, **values)  # noqa: E731
    return _action(
        request,
        competition,
        "填报成绩",
        form,
        run,
        lambda r: f"已填报：{r.indicator.name} {r.value:g}，待主办单位核定。",
    )


@require_GET
@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_or_404(request, pk)
    context = {
        "r": result,
        "c": result.competition,
        "steps": kernel.available(result, request.user, workflow.RESULT_TABLE),
    }
    return render(request, "competitions/result_detail.html", context)


def _result_or_404(request: HttpRequest, pk: int) -> Result:
    competition_id = Result.objects.filter(pk=pk).values_list("competition_id", flat=True).first()
    if competition_id is None:
        raise NotFound()
    competition = selectors.competition_for_user_or_404(request.user, competition_id)
    return selectors.result_of_or_404(competition, pk)


@require_http_methods(["POST"])
@login_required
def result_verify(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_or_404(request, pk)
    back = request.POST.get("next") == "competition"
    return actions.press(
        request,
        lambda: services.competition_result_verify(actor=request.user, result=result),
        success=f"已核定：{result.participant.label} {result.indicator.name}，排名已更新。",
        to=competition_url(result.competition) if back else result_url(result),
    )


@require_http_methods(["GET", "POST"])
@login_required
def result_return(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_or_404(request, pk)
    transition = workflow.RESULT_TABLE.get("return")
    workflow.RESULT_TABLE.require(request.user, result, transition)
    form = ReasonForm(request.POST or None)
    run = lambda d: services.competition_result_return(actor=request.user, result=result, reason=d["reason"])  # noqa: E731
    done = actions.submit(request, form, run, success="已退回，参赛单位可重新填报。", to=result_url(result))
    return done or _render_form(request, form, transition.label, result_url(result), result=result, step=transition)


@require_http_methods(["GET", "POST"])
@login_required
def result_reenter(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_or_404(request, pk)
    transition = workflow.RESULT_TABLE.get("reenter")
    workflow.RESULT_TABLE.require(request.user, result, transition)
    form = ValueForm(request.POST or None, initial={"value": f"{result.value:g}"})
    run = lambda d: services.competition_result_reenter(actor=request.user, result=result, value=d["value"])  # noqa: E731
    done = actions.submit(request, form, run, success="已重新填报，待主办单位核定。", to=result_url(result))
    return done or _render_form(request, form, transition.label, result_url(result), result=result, step=transition)


# --- the ranking ---------------------------------------------------------------------------------


def _stage_of(request: HttpRequest, competition: Competition) -> Stage | None:
    raw = request.GET.get("stage") or ""
    if not raw:
        return None
    try:
        return competition.stages.get(pk=int(raw))
    except (Stage.DoesNotExist, ValueError):
        raise NotFound() from None


def _ranking_context(competition: Competition, stage: Stage | None) -> dict[str, Any]:
    indicators = list(competition.indicators.all())
    return {
        "c": competition,
        "stage": stage,
        "indicators": indicators,
        "rows": ranking.table(competition, stage),
        "finished": competition.status == CompetitionStatus.FINISHED,
        "verified": competition.results.filter(status=ResultStatus.VERIFIED).count(),
    }


@require_GET
@login_required
def ranking_page(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    stage = _stage_of(request, competition)
    context = _ranking_context(competition, stage) | {
        "stages": list(competition.stages.all()),
        "refresh": REFRESH_SECONDS,
        "live": competition.status == CompetitionStatus.RUNNING,
    }
    return render(request, "competitions/ranking.html", context)


@require_GET
@login_required
def ranking_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking table alone, for the page's polling (htmx swaps it in place)."""
    competition = selectors.competition_for_user_or_404(request.user, pk)
    stage = _stage_of(request, competition)
    response = render(request, "competitions/_ranking_rows.html", _ranking_context(competition, stage))
    response["Cache-Control"] = "no-store"
    return response
