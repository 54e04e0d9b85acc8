"""Who a coverage count belongs to, so that roll-ups partition exactly: every counted thing sits at one node.

- an employer counts at `employer.org`, its territory unit (属地);
- the employees of a covered employer count at `employer.union`, the union covering them (so a grassroots
  union's membership rate is its own members over the employees it covers);
- a membership counts at `membership.org`;
- an administrative village or community counts at the deepest active *territorial* federation (city,
  district, town) whose division is a prefix-ancestor of the village's code. Industry unions and grassroots
  units are not territorial and never receive villages. A village no territorial unit's division covers is
  not counted anywhere (the root receives it only when the root's own division covers it).

The attribution is computed over the whole tree, never just the subtree being looked at, so a node's
numbers do not depend on where one looks from. Callers have already checked scope (selectors, services).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from unionhall.orgs.models import Division, GrassrootsKind, OrgLevel, OrgStatus, OrgUnit

TERRITORIAL_LEVELS = (OrgLevel.CITY, OrgLevel.DISTRICT, OrgLevel.TOWN)
VILLAGE_UNION_KINDS = (GrassrootsKind.VILLAGE, GrassrootsKind.COMMUNITY)
# Digits of a 12-digit statistical code that name the division at each level (320508001000 → 320508001).
SIGNIFICANT_DIGITS = {
    Division.Level.PROVINCE: 2,
    Division.Level.CITY: 4,
    Division.Level.COUNTY: 6,
    Division.Level.TOWN: 9,
    Division.Level.VILLAGE: 12,
}
PREFIX_LENGTHS = tuple(sorted(set(SIGNIFICANT_DIGITS.values())))


def significant_prefix(code: str, level: int) -> str:
    return code[: SIGNIFICANT_DIGITS.get(Division.Level(level), 12)]


@dataclass(frozen=True, slots=True)
class Territory:
    """A territorial federation with a division: a candidate to answer for villages."""

    id: int
    path: str
    depth: int
    prefix: str


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    name: str
    kind: str  # Division.Kind.VILLAGE or COMMUNITY
    has_union: bool
    unit_id: int  # the territorial unit it is attributed to
    unit_path: str


def territories() -> list[Territory]:
    rows = OrgUnit.objects.filter(
        status=OrgStatus.ACTIVE, level__in=TERRITORIAL_LEVELS, division__isnull=False
    ).values_list("id", "path", "depth", "division_id", "division__level")
    return [Territory(pk, path, depth, significant_prefix(code, level)) for pk, path, depth, code, level in rows]


def _best_by_prefix(units: Iterable[Territory]) -> dict[str, Territory]:
    """Per division prefix, the deepest unit holding it (the first by path among equals)."""
    best: dict[str, Territory] = {}
    for t in sorted(units, key=lambda u: u.path):
        held = best.get(t.prefix)
        if held is None or t.depth > held.depth:
            best[t.prefix] = t
    return best


def attribute(code: str, by_prefix: dict[str, Territory]) -> Territory | None:
    """The deepest territorial unit whose division covers `code`; the more specific division among equals."""
    found: Territory | None = None
    for length in PREFIX_LENGTHS:
        t = by_prefix.get(code[:length])
        if t is not None and (found is None or t.depth >= found.depth):
            found = t
    return found


def _minimal(prefixes: Iterable[str]) -> list[str]:
    out: list[str] = []
    for p in sorted(set(prefixes)):
        if not any(p.startswith(m) for m in out):
            out.append(p)
    return out


def villages_in(root_path: str) -> list[Village]:
    """Every administrative village and community attributed to a unit of the subtree at `root_path`."""
    all_territories = territories()
    by_prefix = _best_by_prefix(all_territories)
    prefixes = _minimal(t.prefix for t in all_territories if t.path.startswith(root_path))
    if not prefixes:
        return []
    condition = Q()
    for p in prefixes:
        condition |= Q(code__startswith=p)
    union_exists = OrgUnit.objects.filter(
        division_id=OuterRef("code"),
        level=OrgLevel.GRASSROOTS,
        kind__in=VILLAGE_UNION_KINDS,
        status=OrgStatus.ACTIVE,
    )
    rows = (
        Division.objects.filter(condition, level=Division.Level.VILLAGE)
        .annotate(has_union=Exists(union_exists))
        .values_list("code", "name", "kind", "has_union")
    )
    out: list[Village] = []
    for code, name, kind, has_union in rows:
        t = attribute(code, by_prefix)
        if t is not None and t.path.startswith(root_path):
            out.append(Village(code, name, kind, bool(has_union), t.id, t.path))
    return out
