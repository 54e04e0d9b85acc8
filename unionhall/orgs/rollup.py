"""The roll-up every report of the tree shares (the assistance report, the rights dashboard).

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


def grouped(qs: QuerySet[Any], node: OrgUnit, **aggregates: Any) -> dict[str, dict[str, int]]:
    """Aggregates of `qs` by the child of `node` each row falls under (the node's own path for its own rows)."""
    width = len(node.path) + OrgUnit.steplen
    rows = (
        qs.order_by()
        .annotate(branch=Substr("org__path", 1, width))
        .values("branch")
        .annotate(**aggregates)
        .values("branch", *aggregates)
    )
    return {r["branch"]: {k: int(r[k] or 0) for k in aggregates} for r in rows}


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
