"""Pages of review panels: the panels in sight, convening one, a panel's page (criteria, reviewers, subjects
with their score counts and results; who oversees it sees every score), adding a reviewer, closing, a
reviewer's 待评 list and the scoring form of one subject. Thin: parse, call selectors/services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.core.forms import add_further_errors
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import bind_pickers
from unionhall.panels import nav, selectors, services, subjects
from unionhall.panels.forms import MemberForm, PanelForm, ScoreForm
from unionhall.panels.models import Panel, PanelStatus, PanelSubject


def panel_url(panel: Panel) -> str:
    return reverse("panels:panel", args=[panel.pk])


def _sees_panels(request: HttpRequest) -> None:
    if not nav.sees_panels(request.user):
        raise NotFound()


@require_GET
@login_required
def panel_list(request: HttpRequest) -> HttpResponse:
    _sees_panels(request)
    panels = selectors.panels_for(request.user).select_related("org").order_by("-id")[:200]
    context = {
        "panels": panels,
        "kinds": {k.code: k.label for k in subjects.kinds()},
        "can_create": access.has_cap_anywhere(request.user, Cap.PANEL_MANAGE),
    }
    return render(request, "panels/panel_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def panel_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.PANEL_MANAGE, seen=Cap.PANEL_VIEW)
    kinds = [(k.code, k.label) for k in subjects.kinds()]
    form = bind_pickers(PanelForm(request.POST or None, kinds=kinds), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        criteria, lines = services.parse_criteria(data.get("criteria") or "")
        values = {
            "org": data.get("org"),
            "title": data.get("title") or "",
            "kind": data.get("kind") or "",
            "drop_extremes_from": data.get("drop_extremes_from"),
            "criteria": criteria,
        }
        problems = services.panel_problems(**values)
        if lines:
            problems["criteria"] = lines
        add_further_errors(form, problems)
    done = actions.submit(
        request,
        form,
        lambda d: services.panel_create(actor=request.user, **values),
        success=lambda p: f"已组建评审组：{p.title}。",
        to=panel_url,
    )
    context = {"form": form, "title": "组建评审组", "button": "组建", "back": reverse("panels:list")}
    return done or render(request, "panels/form.html", context)


@require_GET
@login_required
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panel = selectors.panel_for_user_or_404(request.user, pk)
    oversees = selectors.oversees(request.user, panel)
    subject_rows = list(panel.subjects.select_related("org"))
    kind = subjects.kind(panel.kind)
    scores: dict[int, list[Any]] = {}
    if oversees:
        for s in panel.scores.select_related("reviewer").order_by("subject_id", "total", "id"):
            scores.setdefault(s.subject_id, []).append(s)
    else:
        for s in panel.scores.filter(reviewer_id=request.user.pk):
            scores.setdefault(s.subject_id, []).append(s)
    member = selectors.is_member(request.user, panel)
    scored = set(panel.scores.filter(reviewer_id=request.user.pk).values_list("subject_id", flat=True))
    criteria = list(panel.criteria.all())
    rows = [
        {
            "s": s,
            "link": subjects.link(panel.kind, s.ref),
            "scores": [(sc, [sc.values.get(str(c.pk)) for c in criteria]) for sc in scores.get(s.pk, [])],
            "may_score": member
            and panel.status == PanelStatus.OPEN
            and s.pk not in scored
            and not selectors.own_union(request.user, s.org),
            "own": member and selectors.own_union(request.user, s.org),
        }
        for s in subject_rows
    ]
    context = {
        "panel": panel,
        "kind": kind,
        "criteria": criteria,
        "members": list(panel.members.select_related("user")),
        "rows": rows,
        "oversees": oversees,
        "manages": access.reach(request.user, Cap.PANEL_MANAGE).covers(panel.org.path),
        "open": panel.status == PanelStatus.OPEN,
    }
    return render(request, "panels/panel_detail.html", context)


def _kept(request: HttpRequest, pk: int) -> Panel:
    panel = selectors.panel_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.PANEL_MANAGE, panel.org, obj=panel)
    return panel


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _kept(request, pk)
    form = MemberForm(request.POST or None)

    def run(d: dict[str, Any]) -> Any:
        user = get_user_model().objects.filter(username=d["username"].strip()).first()
        return services.panel_member_add(actor=request.user, panel=panel, user=user)

    url = panel_url(panel)
    done = actions.submit(request, form, run, success="评委已添加。", to=url, conflict_to=url)
    context = {"form": form, "title": "添加评委", "button": "添加", "back": url, "panel": panel}
    return done or render(request, "panels/form.html", context)


@require_http_methods(["POST"])
@login_required
def panel_close(request: HttpRequest, pk: int) -> HttpResponse:
    panel = selectors.panel_for_user_or_404(request.user, pk)
    return actions.press(
        request,
        lambda: services.panel_close(actor=request.user, panel=panel),
        success="评审已结束，评审结果已定。",
        to=panel_url(panel),
    )


@require_GET
@login_required
def to_score(request: HttpRequest) -> HttpResponse:
    if not nav.sits_on_a_panel(request.user):
        raise NotFound()
    rows = selectors.to_score(request.user).select_related("panel", "org").order_by("panel_id", "id")[:500]
    return render(request, "panels/to_score.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    subject: PanelSubject = selectors.subject_for_user_or_404(request.user, pk)
    panel = subject.panel
    if not selectors.is_member(request.user, panel):
        raise NotFound()
    if request.method == "GET" and selectors.own_union(request.user, subject.org):
        raise PermissionDenied(f"评委不能评审本单位（{subject.org.name}）的评审对象，请回避。")
    criteria = list(panel.criteria.all())
    form = ScoreForm(request.POST or None, criteria=criteria)
    values: dict[int, int | None] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        values = {c.pk: data.get(f"c_{c.pk}") for c in criteria}
        further = services.score_problems(criteria, values, data.get("comment") or "")
        add_further_errors(form, further)
    url = panel_url(panel)
    done = actions.submit(
        request,
        form,
        lambda d: services.panel_score(actor=request.user, subject=subject, values=values, comment=d["comment"]),
        success=lambda s: f"已评分：加权得分 {s.total}。",
        to=reverse("panels:todo"),
        conflict_to=url,
    )
    context = {
        "form": form,
        "title": f"评分：{subject.title}",
        "button": "提交评分",
        "back": url,
        "panel": panel,
        "subject": subject,
        "link": subjects.link(panel.kind, subject.ref),
        "summary": subjects.summary(panel.kind, subject.ref),
    }
    return done or render(request, "panels/form.html", context)
