"""Pages of team cost management: the teams in reach (filters, sort, Excel), a team's page (members, targets
against actuals month by month, savings and saving rate, adopted suggestions, a chart), the forms that register
and edit a team and take a month's targets and actuals, and the ranking page that rolls figures up the tree
and drills down from a federation to its children to the teams. Thin: parse, call selectors/services, render."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.core import actions
from unionhall.core.errors import ValidationError
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.paging import query_without_page, sortable
from unionhall.innovation.selectors import members_by_number
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access, drilldown
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.pickers import bind_pickers
from unionhall.teams import periods, selectors, services
from unionhall.teams.costs import percent
from unionhall.teams.forms import AmountsForm, PeriodChoiceForm, TeamEditForm, TeamFilterForm, TeamForm
from unionhall.teams.models import ITEMS, CostActual, CostTarget, WorkTeam

MONTHS_SHOWN = 6
TEAMS_RANKED = 100


def team_url(team: WorkTeam) -> str:
    return reverse("teams:team", args=[team.pk])


# --- the list ---------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[TeamFilterForm, QuerySet[WorkTeam]]:
    form, chosen = bind_chosen(request, TeamFilterForm, Cap.INNOVATION_VIEW, noun="工会")
    qs = under_chosen(selectors.teams_for(request.user), chosen)
    v = chosen.values
    if v.get("q"):
        qs = qs.filter(name__contains=v["q"].strip())
    if v.get("active") in ("0", "1"):
        qs = qs.filter(active=v["active"] == "1")
    if v.get("missing"):
        qs = qs.filter(active=True).exclude(selectors.reported_q(v["missing"]))
    # Counted here, not in `_fetch`: the list sorts by it.
    return form, selectors.member_counts(qs)


def _fetch(qs: QuerySet[WorkTeam]) -> QuerySet[WorkTeam]:
    return qs.select_related("org", "leader")


COLUMNS: list[Column] = [
    ("编号", lambda t: t.pk),
    ("班组名称", lambda t: t.name),
    ("所属工会", lambda t: t.org.name),
    ("班组长", lambda t: t.leader.name),
    ("人数", lambda t: t.n_members),
    ("状态", lambda t: "在册" if t.active else "已撤销"),
]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {
        "can_create": access.has_cap_anywhere(request.user, Cap.INNOVATION_EDIT),
        "last": periods.last(),
    }


TEAMS = ListPage(
    guard=access.needs(Cap.INNOVATION_VIEW),
    rows=_filtered,
    sorts=sortable("name", "active", org="org__path", members="n_members"),
    default="org",
    template="teams/team_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="班组", action="team.export", columns=COLUMNS, fetch=_fetch),
)
team_list = list_view(TEAMS)
team_export = export_view(TEAMS)


# --- registering and editing a team ---------------------------------------------------------------


def _people(request: HttpRequest, form: TeamForm) -> tuple[Person | None, list[Person], dict[str, list[str]]]:
    """The leader and members named by member number, in the user's reach; the numbers not found."""
    data = form.cleaned_data
    errors: dict[str, list[str]] = {}
    leader: Person | None = None
    if data.get("leader"):
        found, _ = members_by_number(request.user, [data["leader"].strip().upper()])
        leader = found[0] if found else None
        if leader is None:
            errors["leader"] = ["没有找到这个在会会员。"]
    members, unknown = members_by_number(request.user, form.numbers() if "members" in data else [])
    if unknown:
        errors["members"] = [f"没有找到这些在会会员：{'、'.join(unknown)}。"]
    return leader, members, errors


def _render_form(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "button": extra.pop("button", "保存"), "back": back, **extra}
    return render(request, "teams/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.INNOVATION_EDIT, seen=Cap.INNOVATION_VIEW)
    form = bind_pickers(TeamForm(request.POST or None), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        leader, members, unknown = _people(request, form)
        values = {"org": form.cleaned_data.get("org"), "name": form.cleaned_data.get("name") or ""}
        values |= {"leader": leader, "members": members}
        problems = services.team_problems(**values)
        add_further_errors(form, {**problems, **unknown})
    done = actions.submit(
        request,
        form,
        lambda d: services.team_create(actor=request.user, **values),
        success=lambda t: f"已登记班组：{t.name}。可以设定成本目标了。",
        to=team_url,
    )
    return done or _render_form(request, form, "登记班组", reverse("teams:list"), button="登记")


def _edited(request: HttpRequest, pk: int) -> WorkTeam:
    """A team the user keeps: 404 out of sight, 403 for who only reads it."""
    team = selectors.team_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.INNOVATION_EDIT, team.org, obj=team)
    return team


def _numbers(team: WorkTeam) -> dict[int, str]:
    """Each member's number at their open membership (for the forms and the page)."""
    people = list(team.members.values_list("person_id", flat=True))
    return dict(
        Membership.objects.filter(person_id__in=people, status__in=OPEN_STATUSES).values_list("person_id", "member_no")
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = _edited(request, pk)
    numbers = _numbers(team)
    initial = {
        "name": team.name,
        "leader": numbers.get(team.leader_id, ""),
        "members": "\n".join(
            numbers[p] for p in team.members.values_list("person_id", flat=True) if p != team.leader_id and p in numbers
        ),
        "active": team.active,
    }
    form = TeamEditForm(request.POST or None, initial=initial)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        leader, members, unknown = _people(request, form)
        values = {"name": form.cleaned_data.get("name") or "", "leader": leader, "members": members}
        problems = services.team_problems(org=team.org, team=team, **values)
        add_further_errors(form, {**problems, **unknown})
        values["active"] = bool(form.cleaned_data.get("active"))
    done = actions.submit(
        request,
        form,
        lambda d: services.team_update(actor=request.user, team=team, **values),
        success="班组信息已保存。",
        to=team_url(team),
    )
    return done or _render_form(request, form, "编辑班组", team_url(team), team=team)


# --- a month's targets and actuals ------------------------------------------------------------------


def _amounts_page(request: HttpRequest, pk: int, *, actual: bool) -> HttpResponse:
    team = _edited(request, pk)
    model = CostActual if actual else CostTarget
    asked = request.GET.get("period") or ""
    period = periods.last() if actual else periods.current()
    with contextlib.suppress(ValidationError):  # a wrong month in the address opens the default one
        period = periods.parse(asked) if asked else period
    held = dict(model.objects.filter(team=team, period=period).values_list("item", "amount_fen"))
    form = AmountsForm(request.POST or None, initial={"period": period, **held})
    amounts: dict[str, int | None] = {}
    if form.is_bound:
        form.is_valid()
        amounts = form.amounts()
        chosen = form.cleaned_data.get("period") or None
        problems = services.amounts_problems(period=chosen, amounts=amounts, actual=actual)
        add_further_errors(form, problems, rename={"items": "__all__"})
    save = services.team_actuals_save if actual else services.team_targets_save
    title = "填报实际成本" if actual else "设定成本目标"
    done = actions.submit(
        request,
        form,
        lambda d: save(actor=request.user, team=team, period=d["period"], amounts=amounts),
        success=lambda changes: f"已保存{team.name}的{title[2:]}（{len(changes)} 项有变动）。",
        to=team_url(team),
    )
    context = {"items": ITEMS, "actual": actual}
    return done or _render_form(request, form, title, team_url(team), team=team, amounts=True, **context)


@require_http_methods(["GET", "POST"])
@login_required
def team_targets(request: HttpRequest, pk: int) -> HttpResponse:
    return _amounts_page(request, pk, actual=False)


@require_http_methods(["GET", "POST"])
@login_required
def team_actuals(request: HttpRequest, pk: int) -> HttpResponse:
    return _amounts_page(request, pk, actual=True)


# --- one team ---------------------------------------------------------------------------------------


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for_user_or_404(request.user, pk)
    numbers = _numbers(team)
    members = [(m.person, numbers.get(m.person_id, "")) for m in team.members.select_related("person")]
    held = selectors.periods_of(team)
    shown = sorted(set(held[:MONTHS_SHOWN]) | {periods.last()}, reverse=True)[:MONTHS_SHOWN]
    months = selectors.months_of(team, shown)
    chart = {
        "months": [periods.label(m["period"]) for m in reversed(months)],
        "target": [m["figures"].target_fen / 100 for m in reversed(months)],
        "actual": [m["figures"].actual_fen / 100 for m in reversed(months)],
    }
    context = {
        "team": team,
        "members": members,
        "months": months,
        "items": ITEMS,
        "chart": chart,
        "may_edit": selectors.may_edit(request.user, team),
        "percent": percent,
    }
    return render(request, "teams/team_detail.html", context)


# --- the ranking and roll-up ---------------------------------------------------------------------------


def _ranking_page(request: HttpRequest, node: OrgUnit) -> HttpResponse:
    form = PeriodChoiceForm(request.GET or None)
    period = form.cleaned_data["period"] if form.is_valid() else periods.last()
    r = selectors.ranking(request.user, node, period)
    context = {
        "form": form,
        "r": r,
        "period": period,
        "period_label": periods.label(period),
        "teams": r.teams[:TEAMS_RANKED],
        "more_teams": max(0, len(r.teams) - TEAMS_RANKED),
        "drill": drilldown.trail(request.user, node, Cap.INNOVATION_VIEW, "teams:ranking_node", f"period={period}"),
        "query": query_without_page(request),
    }
    return render(request, "teams/ranking.html", context)


def _roots_page(request: HttpRequest, roots: list[OrgUnit]) -> HttpResponse:
    """A user with several separate grants first picks one."""
    return render(request, "teams/roots.html", {"roots": roots})


ranking, ranking_node = drilldown.views(Cap.INNOVATION_VIEW, _ranking_page, _roots_page)
