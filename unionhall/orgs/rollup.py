"""The roll-up every report of the tree shares (the assistance report, the rights dashboard, the 十送 log).

Rows are grouped by the first `len(node.path) + steplen` characters of their org's materialized path:
the child's path, or — shorter — the node's own path for rows filed at the node itself. One grouped
statement per kind of record gives every child's figure; no query runs per child, and a node's total is
by construction its own part plus its children's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Protocol, Self

from django.db.models import QuerySet
from django.db.models.functions import Substr

from unionhall.orgs.models import OrgStatus, OrgUnit


class Addable(Protocol):
    def add(self, other: Self) -> None: ...

    def as_dict(self) -> dict[str, Any]: ...


class Summable:
    """For a dataclass of counts: add another one field by field, and read the counts as a dict."""

    __slots__ = ()

    def add(self, other: Self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


def by_branch(qs: QuerySet[Any], node: OrgUnit, *keys: str, **aggregates: Any) -> QuerySet[Any]:
    """Rows of aggregates of `qs` per (branch, *keys): the branch is the path of the child of `node` each row
    falls under, or the node's own path for its own rows."""
    width = len(node.path) + OrgUnit.steplen
    return (
        qs.order_by()
        .annotate(branch=Substr("org__path", 1, width))
        .values("branch", *keys)
        .annotate(**aggregates)
        .values("branch", *keys, *aggregates)
    )


def grouped(qs: QuerySet[Any], node: OrgUnit, **aggregates: Any) -> dict[str, dict[str, int]]:
    """Aggregates of `qs` by the child of `node` each row falls under (the node's own path for its own rows)."""
    return {r["branch"]: {k: int(r[k] or 0) for k in aggregates} for r in by_branch(qs, node, **aggregates)}


def totals_up_the_tree[T](own: dict[str, T], plus: Callable[[T, T], T]) -> dict[str, T]:
    """Each path's own figure plus all its descendants', from each node's own figure keyed by path (a whole
    subtree read at once, as the coverage dashboard does). One pass in reverse path order: a node comes after
    all its descendants, so adding its finished total into its parent's leaves every total complete."""
    totals = dict(own)
    steplen = OrgUnit.steplen
    for path in sorted(own, reverse=True):
        parent = path[:-steplen]
        if parent in totals:
            totals[parent] = plus(totals[parent], totals[path])
    return totals


def split[F: Addable](
    node: OrgUnit, branches: dict[str, F], empty: Callable[[], F]
) -> tuple[F, list[tuple[OrgUnit, F]], F]:
    """(own, children, total) from figures by branch: total = own + the sum of the children's subtrees. A
    closed child is listed only while something still counts there."""
    own = branches.get(node.path) or empty()
    total = empty()
    total.add(own)
    children = []
    for child in OrgUnit.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path"):
        figures = branches.get(child.path) or empty()
        if child.status == OrgStatus.ACTIVE or any(figures.as_dict().values()):
            children.append((child, figures))
        total.add(figures)
    return own, children, total
