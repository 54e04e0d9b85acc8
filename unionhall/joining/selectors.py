"""Reads of online joining: which union an employer's worker should join, the public employer search,
the reviewers' scoped lists, and a worker's own application found by its code and the ID's last four."""

from __future__ import annotations

import hmac
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from unionhall.core import versions
from unionhall.core.normalize import compact
from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.members.lifecycle import MEMBER_LEVELS
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, GrassrootsKind, OrgLevel, OrgStatus, OrgUnit
from unionhall.orgs.selectors import city_root_or_none

SEARCH_LIMIT = 10
SEARCH_MIN_LENGTH = 2
CHOICES_LIMIT = 500
# Depth of a district (or a city-level industry union) in the tree: proposals never climb above it.
DISTRICT_DEPTH = 2


# --- proposal ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    union: OrgUnit | None  # the union proposed to take the worker in, if any
    org: OrgUnit  # who answers for the application: that union, or the unit that places the worker

    @property
    def placed_by_territory(self) -> bool:
        return self.union is None


def can_hold_members(unit: OrgUnit | None) -> bool:
    return unit is not None and unit.level in MEMBER_LEVELS and unit.status == OrgStatus.ACTIVE


def _common_steps(a: str, b: str) -> int:
    steplen = OrgUnit.steplen
    steps = 0
    while steps * steplen < min(len(a), len(b)) and a[: (steps + 1) * steplen] == b[: (steps + 1) * steplen]:
        steps += 1
    return steps


def nearest_joint_union(territory: OrgUnit) -> OrgUnit | None:
    """The regional joint union nearest the employer's territory unit: one under the unit itself beats one
    under its parent, and so on up to the district — a joint union in another district cannot take the
    worker in (属地管理). Among equals the shallower wins, then one that holds members itself, then the code."""
    top = territory.path[: OrgUnit.steplen * min(territory.depth, DISTRICT_DEPTH)]
    candidates = OrgUnit.objects.filter(path__startswith=top, status=OrgStatus.ACTIVE).filter(
        Q(level=OrgLevel.JOINT) | Q(level=OrgLevel.GRASSROOTS, kind=GrassrootsKind.JOINT)
    )

    def rank(unit: OrgUnit) -> tuple[int, int, int, str]:
        return (-_common_steps(unit.path, territory.path), unit.depth, 0 if can_hold_members(unit) else 1, unit.code)

    return min(candidates, key=rank, default=None)


def union_proposal(employer: Employer | None, *, area: OrgUnit | None = None) -> Proposal | None:
    """The union that covers the employer; else the nearest regional joint union; else nobody, and the
    employer's territory unit places the worker. An employer not in the register goes to the area the
    worker named, or to the city federation. None only when the tree has no root yet."""
    if employer is None:
        org = area if area is not None and area.status == OrgStatus.ACTIVE else city_root_or_none()
        return Proposal(union=None, org=org) if org is not None else None
    covering = employer.union
    if covering is not None and covering.status == OrgStatus.ACTIVE:
        return Proposal(union=covering, org=covering)
    joint = nearest_joint_union(employer.org)
    if joint is not None:
        return Proposal(union=joint, org=joint)
    return Proposal(union=None, org=employer.org)


# --- the public employer search ---------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerHit:
    """Only what the register makes public anyway: the name and where it is."""

    pk: int
    name: str
    area: str


def _searchable() -> QuerySet[Employer]:
    return Employer.objects.filter(org__status=OrgStatus.ACTIVE)


def employer_search(q: str) -> list[EmployerHit]:
    """By part of the name, or by the exact unified social credit code; at most ten, never a whole list,
    in name order (as `name ILIKE '%…%' ORDER BY name, id` would give them)."""
    text = (q or "").strip()
    if len(text) < SEARCH_MIN_LENGTH or "\n" in text:
        return []
    found = _employer_register().search(text.upper(), compact(text).upper())
    return found[:SEARCH_LIMIT]


@dataclass(frozen=True)
class _Register:
    """The searchable employers in name order: their upper-cased names one per line in one string, searched
    with str.find (a part of a name made PostgreSQL walk every employer in name order: 15-28 ms a search at
    50,000 employers, against well under a millisecond here), and what a hit shows."""

    names: str
    starts: list[int]  # where each employer's line begins in `names`
    hits: list[EmployerHit]
    by_code: dict[str, int]
    by_pk: dict[int, EmployerHit]

    def search(self, needle: str, code: str) -> list[EmployerHit]:
        found: list[int] = []
        at = self.names.find(needle)
        while at != -1 and len(found) < SEARCH_LIMIT:
            line = bisect_right(self.starts, at) - 1
            found.append(line)
            following = line + 1
            at = self.names.find(needle, self.starts[following]) if following < len(self.starts) else -1
        by_code = self.by_code.get(code) if len(code) == 18 else None
        if by_code is not None and by_code not in found:
            found = sorted([*found, by_code])
        return [self.hits[i] for i in found]


def _employer_register() -> _Register:
    # Kept until an employer, a unit or a division changes (core/versions.py); built in one pass.
    return versions.kept("employer_register", None, _build_register)


def _build_register() -> _Register:
    rows = list(
        _searchable()
        .order_by("name", "id")
        .values_list("pk", "name", "uscc", "division__name", "org__path", "division_id")
    )
    depth = OrgUnit.steplen * DISTRICT_DEPTH
    districts = dict(
        OrgUnit.objects.filter(path__in={path[:depth] for *_, path, division in rows if division is None}).values_list(
            "path", "name"
        )
    )
    starts, hits, by_code, at, upper = [], [], {}, 0, []
    for i, (pk, name, uscc, division_name, path, division) in enumerate(rows):
        upper.append(name.upper())  # (upper-casing can change a name's length: offsets follow it)
        starts.append(at)
        at += len(upper[-1]) + 1
        area = division_name if division is not None else districts.get(path[:depth], "")
        hits.append(EmployerHit(pk=pk, name=name, area=area or ""))
        if uscc:
            by_code[uscc.upper()] = i
    by_pk = {hit.pk: hit for hit in hits}
    return _Register(names="\n".join(upper), starts=starts, hits=hits, by_code=by_code, by_pk=by_pk)


def employer_hits(employer: Employer | None) -> list[EmployerHit]:
    """The picked employer as the search shows it (employer_pick finds only searchable ones)."""
    found = _employer_register().by_pk.get(employer.pk) if employer is not None else None
    return [] if found is None else [found]


def employer_pick(pk: Any, text: str) -> Employer | None:
    """The employer the worker picked from the search, or the one their text names exactly (a credit code,
    or a name only one employer has); None when the register does not know it."""
    qs = _searchable().select_related("org", "union")
    if pk not in (None, ""):
        try:
            return qs.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            return None
    text = (text or "").strip()
    if not text:
        return None
    code = compact(text).upper()
    if len(code) == 18:
        by_code = qs.filter(uscc=code).first()
        if by_code is not None:
            return by_code
    by_name = list(qs.filter(name=text)[:2])
    return by_name[0] if len(by_name) == 1 else None


def areas() -> QuerySet[OrgUnit]:
    """Where a worker whose employer is not in the register says they work: the districts."""
    return OrgUnit.objects.filter(depth=DISTRICT_DEPTH, level=OrgLevel.DISTRICT, status=OrgStatus.ACTIVE).order_by(
        "code"
    )


# --- the worker's own application -----------------------------------------------------------------


def normalize_code(raw: str) -> str:
    text = compact(raw or "").upper().replace("-", "")
    if text.startswith("RJ"):
        text = text[2:]
    return f"RJ-{text}"


def application_for_worker(code: str, id_last4: str) -> JoinApplication | None:
    """The application with this code, if the last four characters of its ID number match; else None —
    the same answer for a wrong code and a wrong ID."""
    last4 = compact(id_last4 or "").upper()
    app = (
        JoinApplication.objects.select_related("membership__org", "proposed_union", "org")
        .filter(code=normalize_code(code))
        .first()
    )
    if app is None or len(last4) != 4:
        return None
    if not hmac.compare_digest(app.id_number_masked[-4:], last4):
        return None
    return app


# --- reviewers ---------------------------------------------------------------------------------------


def application_list(user: Any, *, status: str = "", kind: str = "") -> QuerySet[JoinApplication]:
    qs = access.scope_queryset(user, Cap.MEMBER_VIEW, JoinApplication.objects.all(), "org")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("org", "proposed_union", "employer", "membership__org").order_by("-created_at", "-id")


def application_counts(user: Any, *, kind: str = "") -> dict[str, int]:
    """Applications in scope per status (all statuses present, zero included)."""
    qs = access.scope_queryset(user, Cap.MEMBER_VIEW, JoinApplication.objects.all(), "org")
    if kind:
        qs = qs.filter(kind=kind)
    found = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: found.get(status, 0) for status in ApplicationStatus.values}


def application_for_user_or_404(user: Any, pk: Any, cap: Cap = Cap.MEMBER_VIEW) -> JoinApplication:
    qs = JoinApplication.objects.select_related(
        "org", "proposed_union", "employer", "employer__union", "membership__org", "from_membership__org"
    )
    return access.get_for_user_or_404(user, cap, qs, pk, "org")


def union_choices(user: Any, application: JoinApplication) -> list[OrgUnit]:
    """The unions an approver may put the worker in: those that hold members, in the approver's reach,
    in the application's district (or city-level industry union); the proposed union first."""
    area = application.org.path[: OrgUnit.steplen * DISTRICT_DEPTH]
    qs = access.scope_queryset(
        user,
        Cap.MEMBER_EDIT,
        OrgUnit.objects.filter(path__startswith=area, level__in=MEMBER_LEVELS, status=OrgStatus.ACTIVE),
        "path",
    )
    units = list(qs.order_by("path")[:CHOICES_LIMIT])
    proposed = application.proposed_union
    if proposed is not None and proposed in units:
        units.remove(proposed)
        units.insert(0, proposed)
    return units
