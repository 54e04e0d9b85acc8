"""Reads of job-commitment cards, always scoped: a card is seen by who holds `responsibility.view` over the
cadre's federation (the federations above, reviewers) and by the grassroots unions in the cadre's area (包片)
and fixed points (定点), who rate it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from unionhall.commitments.models import Commitment, CommitmentCard, Rating, Status
from unionhall.core.errors import NotFound
from unionhall.core.pii import mask_name
from unionhall.core.redact import redact_text
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import FEDERATION_LEVELS, Grant, OrgUnit, Role, path_chain
from unionhall.responsibility.models import Assignment, Kind, active_on


def period_of(day: date) -> str:
    """The rating period, a quarter: 2026Q2."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def today() -> date:
    return timezone.localdate()


def period_label(period: str) -> str:
    return f"{period[:4]}年第{period[-1]}季度"


def cadre_unit(cadre: Any) -> OrgUnit | None:
    """The federation a cadre's card belongs to: the highest unit of their federation-cadre grants."""
    grant = (
        Grant.objects.filter(user=cadre, role=Role.FEDERATION_CADRE, org__level__in=FEDERATION_LEVELS)
        .select_related("org")
        .order_by("org__depth", "org__path")
        .first()
    )
    return grant.org if grant is not None else None


def chaired_units(user: Any) -> list[OrgUnit]:
    """The grassroots unions a user chairs (their grants as grassroots staff): the units they rate as."""
    if not getattr(user, "pk", None):
        return []
    return [g.org for g in Grant.objects.filter(user=user, role=Role.GRASSROOTS_STAFF).select_related("org")]


def in_area(cadre_id: int, unit: OrgUnit, day: date | None = None) -> bool:
    """Whether `unit` lies in the cadre's area (an area holding it or above it) or is one of their points."""
    return _answering(day).filter(cadre_id=cadre_id).filter(_covers(unit)).exists()


def _answering(day: date | None) -> QuerySet[Assignment]:
    return Assignment.objects.filter(active_on(day or timezone.localdate()))


def _covers(unit: OrgUnit) -> Q:
    return Q(kind=Kind.POINT, org=unit) | Q(kind=Kind.AREA, org__path__in=path_chain(unit.path))


def cadres_rated_by(user: Any) -> set[int]:
    """The cadres in whose area or points a union the user chairs lies (their cards are the user's to rate)."""
    units = chaired_units(user)
    if not units:
        return set()
    condition = Q(pk__in=[])
    for unit in units:
        condition |= _covers(unit)
    return set(_answering(None).filter(condition).values_list("cadre_id", flat=True))


def cards_for(user: Any) -> QuerySet[CommitmentCard]:
    """The cards the user sees: in their `responsibility.view` reach, or of a cadre answering for their union."""
    scoped = access.scope_queryset(user, Cap.RESPONSIBILITY_VIEW, CommitmentCard.objects.all(), "org")
    raters = cadres_rated_by(user)
    if raters:
        scoped = scoped | CommitmentCard.objects.filter(cadre_id__in=raters)
    return scoped.distinct()


def with_figures(qs: QuerySet[CommitmentCard]) -> QuerySet[CommitmentCard]:
    """Each card with its commitments, those fulfilled, its ratings and their average, in the one query."""
    return qs.annotate(
        total=Count("commitments", distinct=True),
        fulfilled=Count("commitments", filter=Q(commitments__status=Status.FULFILLED), distinct=True),
        rating_count=Count("commitments__ratings", distinct=True),
        rating_avg=Avg("commitments__ratings__score"),
    )


def card_for_user_or_404(user: Any, pk: Any) -> CommitmentCard:
    try:
        return cards_for(user).select_related("cadre", "org").get(pk=pk)
    except (CommitmentCard.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def commitment_for_user_or_404(user: Any, pk: Any) -> Commitment:
    try:
        return Commitment.objects.select_related("card", "card__org", "card__cadre").get(
            pk=pk, card__in=cards_for(user)
        )
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def public_card(token: str) -> CommitmentCard:
    """The card its printed QR code opens, found by its random token only (404 for anything else)."""
    try:
        return with_figures(CommitmentCard.objects.select_related("org", "cadre")).get(token=token)
    except CommitmentCard.DoesNotExist:
        raise NotFound() from None


@dataclass(frozen=True)
class Line:
    """A commitment with its ratings' count and average, as the card's pages show it."""

    commitment: Commitment
    rating_count: int
    rating_avg: float | None


def lines_of(card: CommitmentCard) -> list[Line]:
    rows = card.commitments.annotate(n=Count("ratings"), avg=Avg("ratings__score"))
    return [Line(c, c.n, c.avg) for c in rows]


def rated_this_period(card: CommitmentCard, units: list[OrgUnit], day: date | None = None) -> set[tuple[int, int]]:
    """(commitment id, unit id) already rated in this period by the given units."""
    period = period_of(day or timezone.localdate())
    rows = Rating.objects.filter(commitment__card=card, unit__in=units, period=period)
    return set(rows.values_list("commitment_id", "unit_id"))


def ratings_of(card: CommitmentCard) -> QuerySet[Rating]:
    return Rating.objects.filter(commitment__card=card).select_related("unit", "commitment")


@dataclass(frozen=True)
class Totals:
    cards: int
    commitments: int
    fulfilled: int
    ratings: int
    rating_avg: float | None

    @property
    def fulfilment(self) -> float | None:
        return self.fulfilled / self.commitments if self.commitments else None


def totals(cards: QuerySet[CommitmentCard]) -> Totals:
    """The roll-up of a list of cards (a federation's cadres' cards): fulfilment rate and average rating."""
    commitments = Commitment.objects.filter(card__in=cards.values("pk"))
    ratings = Rating.objects.filter(commitment__card__in=cards.values("pk")).aggregate(n=Count("id"), avg=Avg("score"))
    return Totals(
        cards=cards.count(),
        commitments=commitments.count(),
        fulfilled=commitments.filter(status=Status.FULFILLED).count(),
        ratings=ratings["n"],
        rating_avg=ratings["avg"],
    )


def pending_count(user: Any) -> int:
    """This year's commitments in progress on the user's own card (the 待办 badge)."""
    if not getattr(user, "pk", None):
        return 0
    return Commitment.objects.filter(
        card__cadre=user, card__year=timezone.localdate().year, status=Status.IN_PROGRESS
    ).count()


@dataclass
class CardFilters:
    org: OrgUnit | None = None
    year: int | None = None
    mine: int | None = None


def card_list(user: Any, filters: CardFilters) -> QuerySet[CommitmentCard]:
    """The cards in the user's sight with their figures, narrowed to a federation's subtree (its cadres'
    cards), a year, or the user's own."""
    qs = cards_for(user)
    if filters.org is not None:
        qs = qs.filter(org__path__startswith=filters.org.path)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.mine is not None:
        qs = qs.filter(cadre_id=filters.mine)
    return with_figures(CommitmentCard.objects.filter(pk__in=qs.values("pk"))).select_related("cadre", "org")


def public_context(card: CommitmentCard) -> dict[str, Any]:
    """What the public page and the printed card show: the cadre's name masked, their post, and the
    commitments with numbers that could identify a worker masked (core/redact.py); never who rated."""
    name = (getattr(card.cadre, "display_name", "") or "").strip()
    lines = lines_of(card)
    return {
        "card": card,
        "cadre": mask_name(name) if name else "",
        "post": f"{card.org.name}干部",
        "lines": [(redact_text(line.commitment.text), line) for line in lines],
        "figures": with_figures(CommitmentCard.objects.filter(pk=card.pk)).get(),
    }
