"""Pages of job-commitment cards: the list per federation (with its roll-up and export), publishing a card,
a card with its commitments and ratings, the status and rating actions, and the printable card. Thin:
parse, call selectors and services, render. The public page is `public_views.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.commitments import selectors, services
from unionhall.commitments.forms import CardFilterForm, CardForm, RatingForm, StatusForm
from unionhall.commitments.models import CommitmentCard
from unionhall.commitments.selectors import CardFilters
from unionhall.core import actions
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.paging import sortable
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.people import grants_prefetch, person_label


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
    context = {
        "card": c,
        "lines": selectors.lines_of(c),
        "figures": selectors.with_figures(CommitmentCard.objects.filter(pk=c.pk)).get(),
        "can_manage": access.reach(request.user, Cap.RESPONSIBILITY_MANAGE).covers(c.org.path),
        "rating_units": units,
        "rated": selectors.rated_this_period(c, units),
        "period": selectors.period_label(selectors.period_of(selectors.today())),
        "ratings": selectors.ratings_of(c)[:50]
        if access.reach(request.user, Cap.RESPONSIBILITY_VIEW).covers(c.org.path)
        else [],
        "status_form": StatusForm(),
    }
    return render(request, "commitments/card.html", context)


@require_POST
@login_required
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_for_user_or_404(request.user, pk)
    form = StatusForm(request.POST)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return actions.press(
        request,
        lambda: services.commitment_status_set(actor=request.user, commitment=commitment, status=status),
        success="兑现情况已更新。",
        to=reverse("commitments:card", args=[commitment.card_id]),
        refused=actions.first_message,
    )


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
