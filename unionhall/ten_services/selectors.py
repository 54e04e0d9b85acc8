"""Reads of the 十送 log: the scoped list and the roll-up by kind and org.

The roll-up of a node is one grouped query over its subtree through the tree's roll-up kit (orgs/rollup.py):
each row's org path cut at the children's depth says which child it counts for (or the node itself, "own");
a child's figure is its whole subtree, so every node's total equals its own plus its children's totals, and
equals a naive recount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, DateField, QuerySet, Sum
from django.db.models.functions import TruncMonth

from unionhall.core.filters import given, under
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.rollup import by_branch, split
from unionhall.ten_services.models import DeliveryKind, ServiceDelivery

KINDS = list(DeliveryKind)


@dataclass
class DeliveryFilters:
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    org: OrgUnit | None = None  # with its subtree


def _filtered(qs: QuerySet[ServiceDelivery], f: DeliveryFilters) -> QuerySet[ServiceDelivery]:
    qs = given(qs, kind=f.kind, delivered_on__gte=f.date_from, delivered_on__lte=f.date_to)
    return under(qs, f.org)


def delivery_list(user: Any, filters: DeliveryFilters | None = None) -> QuerySet[ServiceDelivery]:
    qs = access.scope_queryset(user, Cap.ASSISTANCE_VIEW, ServiceDelivery.objects.all(), "org")
    qs = _filtered(qs, filters or DeliveryFilters())
    return qs.select_related("org", "recorded_by").order_by("-delivered_on", "-id")


def delivery_get(user: Any, pk: Any) -> ServiceDelivery:
    qs = ServiceDelivery.objects.select_related("org", "recorded_by")
    return access.get_for_user_or_404(user, Cap.ASSISTANCE_VIEW, qs, pk, "org")


@dataclass
class Tally:
    deliveries: int = 0
    beneficiaries: int = 0
    cost_fen: int = 0

    def add(self, other: Tally) -> None:
        self.deliveries += other.deliveries
        self.beneficiaries += other.beneficiaries
        self.cost_fen += other.cost_fen


@dataclass
class KindTallies:
    """A branch's figures: a tally per kind of 送 (the roll-up kit adds them up the tree)."""

    by_kind: dict[str, Tally] = field(default_factory=lambda: {k.value: Tally() for k in KINDS})

    def add(self, other: KindTallies) -> None:
        for kind, tally in other.by_kind.items():
            self.by_kind[kind].add(tally)

    def as_dict(self) -> dict[str, Any]:
        return {kind: tally.deliveries for kind, tally in self.by_kind.items()}


@dataclass
class RollupRow:
    """One column of the roll-up table: a child org (or the node's own records), tallied by kind."""

    unit: OrgUnit | None
    label: str
    by_kind: dict[str, Tally] = field(default_factory=lambda: {k.value: Tally() for k in KINDS})

    @property
    def total(self) -> Tally:
        t = Tally()
        for tally in self.by_kind.values():
            t.add(tally)
        return t


@dataclass
class Rollup:
    node: OrgUnit
    own: RollupRow
    children: list[RollupRow]

    @property
    def total(self) -> RollupRow:
        row = RollupRow(unit=self.node, label="合计")
        for part in [self.own, *self.children]:
            for kind, tally in part.by_kind.items():
                row.by_kind[kind].add(tally)
        return row


def by_month(user: Any, node: OrgUnit, months: list[date], kind: str = "") -> list[int]:
    """Deliveries under the node in each month of `months` (of one kind, or all): the roll-up's chart sets the
    last 12 months beside the 12 before, which its table (one period) cannot show."""
    qs = access.scope_queryset(user, Cap.ASSISTANCE_VIEW, ServiceDelivery.objects.all(), "org")
    qs = qs.filter(org__path__startswith=node.path, delivered_on__gte=months[0])
    if kind:
        qs = qs.filter(kind=kind)
    counts = {
        r["m"]: r["n"]
        for r in qs.order_by()
        .annotate(m=TruncMonth("delivered_on", output_field=DateField()))
        .values("m")
        .annotate(n=Count("id"))
    }
    return [counts.get(m, 0) for m in months]


def rollup(user: Any, node: OrgUnit, filters: DeliveryFilters | None = None) -> Rollup:
    """By kind × (the node itself, each direct child with its subtree). `filters.org` is ignored: the node is
    the subtree."""
    f = filters or DeliveryFilters()
    f = DeliveryFilters(kind=f.kind, date_from=f.date_from, date_to=f.date_to, org=node)
    qs = _filtered(access.scope_queryset(user, Cap.ASSISTANCE_VIEW, ServiceDelivery.objects.all(), "org"), f)
    branches: dict[str, KindTallies] = {}
    for r in by_branch(qs, node, "kind", n=Count("id"), people=Sum("beneficiary_count"), cost=Sum("cost_fen")):
        tallies = branches.setdefault(r["branch"], KindTallies())
        tallies.by_kind[r["kind"]].add(Tally(r["n"], r["people"] or 0, r["cost"] or 0))
    own, children, _total = split(node, branches, KindTallies)
    return Rollup(
        node=node,
        own=RollupRow(unit=node, label=f"{node.name}（本级）", by_kind=own.by_kind),
        children=[RollupRow(unit=child, label=child.name, by_kind=t.by_kind) for child, t in children],
    )
