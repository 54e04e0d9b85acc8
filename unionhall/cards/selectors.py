"""Reads of 四卡一票, always through the scope rule: cards by the archive's union (ASSISTANCE_VIEW), merchants
and settlements by the contracting union (FUNDS_VIEW), a merchant's own counter by its users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from unionhall.cards.models import AssistanceCard, CardType, PartnerMerchant, Redemption, Settlement
from unionhall.core.errors import NotFound
from unionhall.core.filters import given, under
from unionhall.funds.models import LedgerEntry
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.workcalendar.workdays import month_bounds

EXPIRING_DAYS = 30


# --- cards ----------------------------------------------------------------------------------------


@dataclass
class CardFilters:
    card_type: CardType | None = None
    status: str = ""
    org: OrgUnit | None = None  # with its subtree
    expiring: bool = False  # in use and expiring within EXPIRING_DAYS
    number: str = ""


def cards_visible(user: Any) -> QuerySet[AssistanceCard]:
    return access.scope_queryset(user, Cap.ASSISTANCE_VIEW, AssistanceCard.objects.all(), "org")


def card_list(user: Any, filters: CardFilters | None = None) -> QuerySet[AssistanceCard]:
    f = filters or CardFilters()
    qs = cards_visible(user).select_related("card_type", "org", "file__person", "account")
    qs = under(given(qs, card_type=f.card_type, status=f.status), f.org)
    if f.expiring:
        today = timezone.localdate()
        qs = qs.filter(status__in=["active", "frozen"], valid_until__gte=today).filter(
            valid_until__lte=today + timedelta(days=EXPIRING_DAYS)
        )
    if f.number:
        qs = qs.filter(number__startswith=f.number.strip())
    return qs.order_by("-id")


def card_for_user_or_404(user: Any, pk: Any, cap: Cap = Cap.ASSISTANCE_VIEW) -> AssistanceCard:
    qs = AssistanceCard.objects.select_related("card_type", "org", "file__person", "account", "replaces")
    return access.get_for_user_or_404(user, cap, qs, pk, "org")


def card_by_number_for_user_or_404(user: Any, number: str, cap: Cap = Cap.ASSISTANCE_VIEW) -> AssistanceCard:
    pk = AssistanceCard.objects.filter(number=str(number).strip()).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound()
    return card_for_user_or_404(user, pk, cap)


def cards_of_file(user: Any, file: Any) -> QuerySet[AssistanceCard]:
    return cards_visible(user).filter(file=file).select_related("card_type", "account").order_by("-id")


def card_history(card: AssistanceCard) -> QuerySet[LedgerEntry]:
    """Every movement on the card's account, oldest first, with its journal."""
    return LedgerEntry.objects.filter(account_id=card.account_id).select_related("journal").order_by("id")


def card_redemptions(card: AssistanceCard) -> QuerySet[Redemption]:
    return card.redemptions.select_related("merchant").order_by("-id")


def card_types(*, active_only: bool = False) -> QuerySet[CardType]:
    qs = CardType.objects.all()
    return qs.filter(active=True) if active_only else qs


# --- merchants (the unions that contract them) ------------------------------------------------------


def merchant_list(user: Any, *, q: str = "", org: OrgUnit | None = None) -> QuerySet[PartnerMerchant]:
    qs = access.scope_queryset(user, Cap.FUNDS_VIEW, PartnerMerchant.objects.all(), "org").select_related(
        "org", "account"
    )
    if q.strip():
        qs = qs.filter(name__icontains=q.strip()) | qs.filter(code__icontains=q.strip())
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.order_by("code")


def merchant_for_user_or_404(user: Any, pk: Any, cap: Cap = Cap.FUNDS_VIEW) -> PartnerMerchant:
    qs = PartnerMerchant.objects.select_related("org", "account", "settled_account")
    return access.get_for_user_or_404(user, cap, qs, pk, "org")


def settlement_list(user: Any, *, merchant: PartnerMerchant | None = None) -> QuerySet[Settlement]:
    qs = access.scope_queryset(user, Cap.FUNDS_VIEW, Settlement.objects.all(), "merchant__org")
    if merchant is not None:
        qs = qs.filter(merchant=merchant)
    return qs.select_related("merchant", "created_by").order_by("-month", "merchant__code")


def unsettled_months(merchant: PartnerMerchant) -> list[date]:
    """Past months in which the merchant has redemptions not yet settled, oldest first."""
    this_month = timezone.localdate().replace(day=1)
    tz = timezone.get_current_timezone()
    months = {
        timezone.localtime(at, tz).date().replace(day=1)
        for at in Redemption.objects.filter(merchant=merchant, settlement__isnull=True).values_list("at", flat=True)
    }
    return sorted(m for m in months if m < this_month)


# --- a merchant's own counter ----------------------------------------------------------------------


def merchants_of(user: Any) -> list[PartnerMerchant]:
    """The active merchants whose counter the user works, within the reach of the user's merchant grants."""
    if not getattr(user, "is_authenticated", False):
        return []
    r = access.reach(user, Cap.CARD_REDEEM)
    if not r.paths:
        return []
    qs = PartnerMerchant.objects.filter(users=user, active=True).select_related("org", "account")
    return [m for m in qs if r.covers(m.org.path)]


def own_merchants_or_404(user: Any) -> list[PartnerMerchant]:
    mine = merchants_of(user)
    if not mine:
        raise NotFound()
    return mine


def own_merchant_or_404(user: Any, pk: Any = None) -> PartnerMerchant:
    """The merchant the user works for (the one given by `pk` when they work for several)."""
    mine = own_merchants_or_404(user)
    if pk in (None, ""):
        return mine[0]
    for m in mine:
        if str(m.pk) == str(pk):
            return m
    raise NotFound()


def month_of(text: str) -> date | None:
    """'2026-10' → date(2026, 10, 1); anything else → None."""
    try:
        year, month = (int(part) for part in str(text).split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


def merchant_redemptions(merchant: PartnerMerchant, month: date | None = None) -> QuerySet[Redemption]:
    qs = Redemption.objects.filter(merchant=merchant).select_related("card__card_type", "card__file__person")
    if month is not None:
        start, end = month_bounds(month)
        qs = qs.filter(at__gte=start, at__lt=end)
    return qs.order_by("-at", "-id")


@dataclass
class Statement:
    month: date
    count: int
    total_fen: int
    settled_fen: int

    @property
    def unsettled_fen(self) -> int:
        return self.total_fen - self.settled_fen


def merchant_statement(merchant: PartnerMerchant, month: date) -> Statement:
    qs = merchant_redemptions(merchant, month).order_by()
    totals = qs.aggregate(count=Count("id"), total=Sum("amount_fen"))
    settled = qs.filter(settlement__isnull=False).aggregate(total=Sum("amount_fen"))["total"] or 0
    return Statement(month=month, count=totals["count"] or 0, total_fen=totals["total"] or 0, settled_fen=settled)


def merchant_settlements(merchant: PartnerMerchant) -> QuerySet[Settlement]:
    return Settlement.objects.filter(merchant=merchant).order_by("-month")


def holder_shown_to_merchant(card: AssistanceCard) -> str:
    """The holder as a merchant may see them: surname only (王**)."""
    from unionhall.cards.codes import surname_only

    return surname_only(card.file.person.name)


def holder_cards(person: Any) -> QuerySet[AssistanceCard]:
    """A worker's own cards, for the portal: those in use or used up, never the replaced ones. The portal
    shows each card's code with `services.reveal_code(card)`."""
    return (
        AssistanceCard.objects.filter(file__person=person)
        .exclude(status__in=["replaced", "cancelled"])
        .select_related("card_type", "account")
        .order_by("card_type__sort", "-id")
    )
