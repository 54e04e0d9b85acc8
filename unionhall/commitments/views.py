"""Pages of job-commitment cards: the list per federation (with its roll-up and export), publishing a card,
a card with its commitments and ratings, a commitment with the steps of its life, rating, and the printable card. Thin:
parse, call selectors and services, render. The public page is `public_views.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.commitments import selectors, services, workflow
from unionhall.commitments.forms import CardFilterForm, CardForm, RatingForm, StepForm
from unionhall.commitments.models import CommitmentCard, Status
from unionhall.commitments.selectors import CardFilters
from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.paging import sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.people import grants_prefetch, person_label
from unionhall.workflow import kernel


def _guard(user: Any) -> None:
    """Federations and reviewers by their reach; a grassroots chair when some cadre answers for their union."""
    if not selectors.cadres_rated_by(user):
        access.require_cap_anywhere(user, Cap.RESPONSIBILITY_VIEW)


def _rows(request: HttpRequest) -> tuple[CardFilterForm, QuerySet[Any]]:
    form, filters = bind_filters(
        request,
        CardFilterForm,
        CardFilters,
        lambda d: {"year": d["year"], "mine": request.user.pk if d["mine"] else None},
        Cap.RESPONSIBILITY_VIEW,
    )
    return form, selectors.card_list(request.user, filters)


def _rate(card: CommitmentCard) -> str:
    return f"{card.fulfilled / card.total:.0%}" if card.total else "—"  # type: ignore[attr-defined]


def _avg(card: CommitmentCard) -> str:
    avg = card.rating_avg  # type: ignore[attr-defined]
    return f"{avg:.1f}" if avg is not None else "—"


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    _, rows = _rows(request)
    return {
        "totals": selectors.totals(rows),
        "can_publish": selectors.cadre_unit(request.user) is not None
        and access.holds_at_federation(request.user, Cap.RESPONSIBILITY_MANAGE),
    }


CARDS = ListPage(
    guard=_guard,
    rows=_rows,
    sorts=sortable(year="year", org="org__path", cadre="cadre__username", fulfilled="fulfilled", rating="rating_avg"),
    default="-year",
    template="commitments/cards.html",
    fetch=lambda qs: qs.prefetch_related(grants_prefetch("cadre__grants")),
    more=_more,
    export=Export(
        name="岗位承诺卡",
        action="commitment_card.export",
        columns=[
            ("年度", lambda c: c.year),
            ("干部", lambda c: person_label(c.cadre)),
            ("所在工会", lambda c: c.org.name),
            ("承诺项数", lambda c: c.total),
            ("已兑现", lambda c: c.fulfilled),
            ("兑现率", _rate),
            ("评价次数", lambda c: c.rating_count),
            ("平均评分", _avg),
        ],
        fetch=lambda qs: qs.prefetch_related(grants_prefetch("cadre__grants")),
    ),
)
card_list = list_view(CARDS)
card_export = export_view(CARDS)


@require_http_methods(["GET", "POST"])
@login_required
def card_new(request: HttpRequest) -> HttpResponse:
    """A federation cadre publishes their own card for the year."""
    unit = selectors.cadre_unit(request.user)
    if unit is None:
        raise NotFound()
    access.require(request.user, Cap.RESPONSIBILITY_MANAGE, unit)
    form = CardForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.commitment_card_publish(
            actor=request.user,
            cadre=request.user,
            year=d["year"],
            items=list(d["items"]),
            own=form.own(),
            due_on=d["due_on"],
        ),
        success="岗位承诺卡已公开。",
        to=lambda c: reverse("commitments:card", args=[c.pk]),
    )
    own_rows = [(form[f"own_{i}_text"], form[f"own_{i}_due"]) for i in range(1, 6)]
    return done or render(request, "commitments/card_form.html", {"form": form, "unit": unit, "own_rows": own_rows})


@require_GET
@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.card_for_user_or_404(request.user, pk)
    units = [u for u in selectors.chaired_units(request.user) if selectors.in_area(c.cadre_id, u)]
    lines = selectors.lines_of(c)
    context = {
        "card": c,
        "lines": lines,
        "figures": selectors.with_figures(CommitmentCard.objects.filter(pk=c.pk)).get(),
        "can_manage": access.reach(request.user, Cap.RESPONSIBILITY_MANAGE).covers(c.org.path),
        "rating_units": units,
        "rated": selectors.rated_this_period(c, units),
        "period": selectors.period_label(selectors.period_of(selectors.today())),
        "ratings": selectors.ratings_of(c)[:50]
        if access.reach(request.user, Cap.RESPONSIBILITY_VIEW).covers(c.org.path)
        else [],
        "today": selectors.today(),
        "steps": {
            line.commitment.pk: kernel.available(line.commitment, request.user, workflow.TABLE) for line in lines
        },
    }
    return render(request, "commitments/card.html", context)


STEPS = {
    "fulfil": lambda user, c, d: services.commitment_fulfil(actor=user, commitment=c),
    "miss": lambda user, c, d: services.commitment_miss(actor=user, commitment=c, reason=d["reason"]),
    "reopen": lambda user, c, d: services.commitment_reopen(actor=user, commitment=c, reason=d["reason"]),
}


@require_GET
@login_required
def commitment(request: HttpRequest, pk: int) -> HttpResponse:
    """One commitment: where it stands, the steps the user may take, its history and its ratings."""
    c = selectors.commitment_for_user_or_404(request.user, pk)
    offered = kernel.available(c, request.user, workflow.TABLE)
    sees_ratings = access.reach(request.user, Cap.RESPONSIBILITY_VIEW).covers(c.card.org.path)
    context = {
        "commitment": c,
        "card": c.card,
        "steps": [(t, StepForm(transition=t, auto_id=f"{t.name}_%s")) for t in offered],
        "events": list(c.events.select_related("actor")),
        "ratings": list(c.ratings.select_related("unit")[:100]) if sees_ratings else [],
        "figures": c.ratings.aggregate(n=Count("id"), avg=Avg("score")),
        "late": c.status == Status.IN_PROGRESS and c.due_on < selectors.today(),
    }
    return render(request, "commitments/commitment.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def commitment_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    c = selectors.commitment_for_user_or_404(request.user, pk)
    if name not in STEPS:
        raise NotFound()
    transition = workflow.TABLE.get(name)
    workflow.TABLE.require(request.user, c, transition)
    # Bound on every POST: a step with nothing to type is sent by its button alone.
    form = StepForm(request.POST if request.method == "POST" else None, transition=transition)
    url = reverse("commitments:commitment", args=[c.pk])
    back = reverse("commitments:card", args=[c.card_id]) if request.POST.get("back") == "card" else url
    done = actions.submit(
        request,
        form,
        lambda d: STEPS[name](request.user, c, d),
        success=f"已办理「{transition.label}」。",
        to=back,
        conflict_to=url,
    )
    context = {"commitment": c, "form": form, "transition": transition}
    return done or render(request, "commitments/commitment_step.html", context)


@require_POST
@login_required
def commitment_rate(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_for_user_or_404(request.user, pk)
    units = {u.pk: u for u in selectors.chaired_units(request.user) if selectors.in_area(commitment.card.cadre_id, u)}
    if not units:  # sees the card (a federation above, a reviewer) but rates nothing: only unions do
        raise PermissionDenied("只有干部包片、定点联系的基层工会可以评价。")
    to = reverse("commitments:card", args=[commitment.card_id])
    form = RatingForm(request.POST, units=[(pk, u.name) for pk, u in units.items()])
    if not form.is_valid():
        messages.error(request, "请选择评价单位并打 1—5 分。")
        return redirect(to)
    d = form.cleaned_data
    return actions.press(
        request,
        lambda: services.commitment_rate(
            actor=request.user, commitment=commitment, unit=units[d["unit"]], score=d["score"], comment=d["comment"]
        ),
        success="评价已提交，谢谢。",
        to=to,
        refused=actions.first_message,
    )


@require_GET
@login_required
def card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.card_for_user_or_404(request.user, pk)
    content = services.commitment_card_print(actor=request.user, card=c, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''commitment-card-{c.year}-{c.pk}.pdf"
    response["Cache-Control"] = "private, no-store"
    return response
