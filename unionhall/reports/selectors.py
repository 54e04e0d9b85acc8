"""Reads of the assistance reports, always scoped through access.py.

Every figure is given for the viewed node and for each of its children, a child counting its whole
subtree: one grouped statement per kind of record (`rollup.grouped`), no query per child, and a node's
total is by construction its own part plus its children's totals (`rollup.split`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from unionhall.assistance.models import (
    Disbursement,
    DisbursementStatus,
    FileStatus,
    HardshipCategory,
    HardshipFile,
    Programme,
)
from unionhall.cards.models import AssistanceCard, CardStatus, CardType
from unionhall.core import versions
from unionhall.core.errors import NotFound
from unionhall.funds.models import Fund
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.rollup import Summable, grouped, split
from unionhall.ten_services.models import DeliveryKind, ServiceDelivery

# Money committed to a household: approved (payable) or already paid. Requests, refusals and cancellations
# are not money spent.
COMMITTED = (DisbursementStatus.APPROVED, DisbursementStatus.PAID)


@dataclass(slots=True)
class Figures(Summable):
    """What the report counts at one place: the node's own rows, a child's subtree, or a total."""

    money_fen: int = 0  # approved in the year (paid or not yet)
    paid_fen: int = 0  # of which paid out
    disbursements: int = 0
    beneficiaries: int = 0  # distinct archives helped in the year (an archive sits at one org only)
    archives: int = 0  # archives on file now, any status but draft
    archives_approved: int = 0  # 已建档 now
    cards: int = 0  # active cards
    card_balance_fen: int = 0
    deliveries: int = 0  # 十送 in the year
    delivery_people: int = 0
    delivery_cost_fen: int = 0


FIGURE_FIELDS = tuple(f.name for f in fields(Figures))


@dataclass
class ChildFigures:
    org: OrgUnit
    figures: Figures


@dataclass
class Row:
    """One line of a breakdown table: a label, a count and, where it applies, an amount in fen."""

    key: str
    label: str
    count: int = 0
    amount_fen: int = 0
    people: int = 0
    paid_fen: int = 0


@dataclass
class Filters:
    year: int
    fund: Fund | None = None


@dataclass
class Report:
    node: OrgUnit
    filters: Filters
    own: Figures
    children: list[ChildFigures]
    total: Figures
    by_programme: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)  # 12 rows: approved (count, amount) and paid
    by_month_before: list[Row] = field(default_factory=list)  # the same 12 rows for the year before
    money_before: dict[str, int] = field(default_factory=dict)  # approved the year before, by branch path
    beneficiaries_by_category: list[Row] = field(default_factory=list)
    archives_by_status: list[Row] = field(default_factory=list)
    archives_by_category: list[Row] = field(default_factory=list)
    cards_by_type: list[Row] = field(default_factory=list)
    deliveries_by_kind: list[Row] = field(default_factory=list)


# --- scoped querysets -------------------------------------------------------------------------------


def disbursements(user: Any, node: OrgUnit, filters: Filters) -> QuerySet[Disbursement]:
    """Money committed in the year (by the date of approval, Asia/Shanghai) under the node."""
    qs = access.scope_queryset(user, Cap.FUNDS_VIEW, Disbursement.objects.all(), "org")
    qs = qs.filter(org__path__startswith=node.path, status__in=COMMITTED, approved_at__year=filters.year)
    if filters.fund is not None:
        qs = qs.filter(budget__fund=filters.fund)
    return qs


def archives(user: Any, node: OrgUnit) -> QuerySet[HardshipFile]:
    qs = access.scope_queryset(user, Cap.ASSISTANCE_VIEW, HardshipFile.objects.all(), "org")
    return qs.filter(org__path__startswith=node.path).exclude(status=FileStatus.DRAFT)


def active_cards(user: Any, node: OrgUnit) -> QuerySet[AssistanceCard]:
    qs = access.scope_queryset(user, Cap.ASSISTANCE_VIEW, AssistanceCard.objects.all(), "org")
    return qs.filter(org__path__startswith=node.path, status=CardStatus.ACTIVE)


def deliveries(user: Any, node: OrgUnit, filters: Filters) -> QuerySet[ServiceDelivery]:
    qs = access.scope_queryset(user, Cap.ASSISTANCE_VIEW, ServiceDelivery.objects.all(), "org")
    return qs.filter(org__path__startswith=node.path, delivered_on__year=filters.year)


def notice_archives(user: Any, node: OrgUnit) -> QuerySet[HardshipFile]:
    """Archives in public notice now under the node, for the 公示名单."""
    qs = access.scope_queryset(user, Cap.ASSISTANCE_VIEW, HardshipFile.objects.all(), "org")
    return (
        qs.filter(org__path__startswith=node.path, status=FileStatus.NOTICE)
        .select_related("person", "org")
        .order_by("org__path", "no")
    )


# --- the roll-up -----------------------------------------------------------------------------------


def _branch_figures(user: Any, node: OrgUnit, filters: Filters) -> dict[str, Figures]:
    """Figures by branch (a child's path, or the node's own), from five grouped statements."""
    out: dict[str, Figures] = defaultdict(Figures)
    money = grouped(
        disbursements(user, node, filters),
        node,
        money_fen=Sum("amount_fen"),
        paid_fen=Sum("amount_fen", filter=Q(status=DisbursementStatus.PAID)),
        disbursements=Count("id"),
        beneficiaries=Count("file", distinct=True),
    )
    files = grouped(
        archives(user, node),
        node,
        archives=Count("id"),
        archives_approved=Count("id", filter=Q(status=FileStatus.APPROVED)),
    )
    cards = grouped(active_cards(user, node), node, cards=Count("id"), card_balance_fen=Sum("account__balance_fen"))
    services = grouped(
        deliveries(user, node, filters),
        node,
        deliveries=Count("id"),
        delivery_people=Sum("beneficiary_count"),
        delivery_cost_fen=Sum("cost_fen"),
    )
    for by_branch in (money, files, cards, services):
        for branch, values in by_branch.items():
            figures = out[branch]
            for name, value in values.items():
                setattr(figures, name, value)
    return out


def _require_view(user: Any, node: OrgUnit) -> None:
    if not access.reach(user, Cap.ASSISTANCE_VIEW).covers(node.path):
        raise NotFound()


def roll_up(user: Any, node: OrgUnit, filters: Filters) -> tuple[Figures, list[ChildFigures], Figures]:
    """(own, children, total) of the node: total = own + the sum of the children's subtrees."""
    _require_view(user, node)
    own, children, total = split(node, _branch_figures(user, node, filters), Figures)
    return own, [ChildFigures(org, figures) for org, figures in children], total


# --- breakdowns -----------------------------------------------------------------------------------


def by_programme(user: Any, node: OrgUnit, filters: Filters) -> list[Row]:
    rows = (
        disbursements(user, node, filters)
        .order_by()
        .values("programme")
        .annotate(n=Count("id"), fen=Sum("amount_fen"), people=Count("file", distinct=True))
    )
    names = dict(Programme.objects.values_list("pk", "name"))
    out = [
        Row(str(r["programme"]), names.get(r["programme"], ""), r["n"], int(r["fen"] or 0), r["people"]) for r in rows
    ]
    out.sort(key=lambda r: (-r.amount_fen, r.label))
    return out


def by_month(user: Any, node: OrgUnit, filters: Filters) -> list[Row]:
    """Twelve months of the year: count and amount approved (by approval date), amount paid (by payment date)."""
    qs = disbursements(user, node, filters).order_by()
    approved: dict[int, dict[str, Any]] = {
        r["m"]: dict(r)
        for r in qs.annotate(m=ExtractMonth("approved_at")).values("m").annotate(n=Count("id"), fen=Sum("amount_fen"))
    }
    paid_qs = access.scope_queryset(user, Cap.FUNDS_VIEW, Disbursement.objects.all(), "org").filter(
        org__path__startswith=node.path, status=DisbursementStatus.PAID, paid_on__year=filters.year
    )
    if filters.fund is not None:
        paid_qs = paid_qs.filter(budget__fund=filters.fund)
    paid = {
        r["m"]: int(r["fen"] or 0)
        for r in paid_qs.order_by().annotate(m=ExtractMonth("paid_on")).values("m").annotate(fen=Sum("amount_fen"))
    }
    return [
        Row(
            f"{filters.year}-{m:02d}",
            f"{m}月",
            approved.get(m, {}).get("n", 0),
            int(approved.get(m, {}).get("fen") or 0),
            paid_fen=paid.get(m, 0),
        )
        for m in range(1, 13)
    ]


def _labelled(counts: dict[str, tuple[int, int]], choices: Any) -> list[Row]:
    return [Row(value, label, *counts.get(value, (0, 0))) for value, label in choices]


def beneficiaries_by_category(user: Any, node: OrgUnit, filters: Filters) -> list[Row]:
    rows = (
        disbursements(user, node, filters)
        .order_by()
        .values(category=F("file__category"))
        .annotate(n=Count("file", distinct=True), fen=Sum("amount_fen"))
    )
    return _labelled({r["category"]: (r["n"], int(r["fen"] or 0)) for r in rows}, HardshipCategory.choices)


def archives_by(user: Any, node: OrgUnit, column: str) -> list[Row]:
    rows = archives(user, node).order_by().values(column).annotate(n=Count("id"))
    choices = FileStatus.choices if column == "status" else HardshipCategory.choices
    counts = {r[column]: (r["n"], 0) for r in rows}
    return [row for row in _labelled(counts, choices) if not (column == "status" and row.key == FileStatus.DRAFT)]


def cards_by_type(user: Any, node: OrgUnit) -> list[Row]:
    rows = (
        active_cards(user, node)
        .order_by()
        .values("card_type")
        .annotate(n=Count("id"), fen=Coalesce(Sum("account__balance_fen"), 0))
    )
    counts = {r["card_type"]: (r["n"], int(r["fen"])) for r in rows}
    types = CardType.objects.filter(Q(active=True) | Q(pk__in=list(counts))).order_by("sort", "code")
    return [Row(str(t.pk), t.name, *counts.get(t.pk, (0, 0))) for t in types]


def deliveries_by_kind(user: Any, node: OrgUnit, filters: Filters) -> list[Row]:
    rows = (
        deliveries(user, node, filters)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"), fen=Sum("cost_fen"), people=Sum("beneficiary_count"))
    )
    found: dict[str, dict[str, Any]] = {r["kind"]: dict(r) for r in rows}
    return [
        Row(
            value,
            label,
            found.get(value, {}).get("n", 0),
            int(found.get(value, {}).get("fen") or 0),
            int(found.get(value, {}).get("people") or 0),
        )
        for value, label in DeliveryKind.choices
    ]


def before(filters: Filters) -> Filters:
    """The same filters a year earlier: the dashboard sets each year beside the one before."""
    return Filters(year=filters.year - 1, fund=filters.fund)


def money_by_branch(user: Any, node: OrgUnit, filters: Filters) -> dict[str, int]:
    """Money approved in the year by branch (a child's path, or the node's own), from one grouped statement."""
    return {b: v["fen"] for b, v in grouped(disbursements(user, node, filters), node, fen=Sum("amount_fen")).items()}


def report(user: Any, node: OrgUnit, filters: Filters) -> Report:
    """The dashboard of `node`, kept until a table it reads changes (core/versions.py): the same for every user
    of the same reach, and read far more often than archives and payments are written."""
    _require_view(user, node)
    key = (access.reach(user, Cap.ASSISTANCE_VIEW).paths, node.path, filters.year, filters.fund and filters.fund.pk)
    return versions.kept("assistance_report", key, lambda: _report(user, node, filters))


def _report(user: Any, node: OrgUnit, filters: Filters) -> Report:
    own, children, total = roll_up(user, node, filters)
    earlier = before(filters)
    return Report(
        node=node,
        filters=filters,
        own=own,
        children=children,
        total=total,
        by_programme=by_programme(user, node, filters),
        by_month=by_month(user, node, filters),
        by_month_before=by_month(user, node, earlier),
        money_before=money_by_branch(user, node, earlier),
        beneficiaries_by_category=beneficiaries_by_category(user, node, filters),
        archives_by_status=archives_by(user, node, "status"),
        archives_by_category=archives_by(user, node, "category"),
        cards_by_type=cards_by_type(user, node),
        deliveries_by_kind=deliveries_by_kind(user, node, filters),
    )


def disbursement_for_user_or_404(user: Any, pk: Any) -> Disbursement:
    return access.get_for_user_or_404(
        user,
        Cap.FUNDS_VIEW,
        Disbursement.objects.select_related(
            "file", "file__person", "file__employer", "programme", "budget__fund", "org"
        ),
        pk,
        "org",
    )
