"""The property the dashboards stand on (PRODUCT.md §3.13, §5): on random trees, every node's coverage counts
equal its own plus its children's, and equal a naive recount made with one plain query per node and count.

Each example builds a city inside a transaction that is rolled back afterwards: random nesting of districts,
towns, industry and grassroots units (some closed), employers of random size with or without a union,
memberships of every status, villages and communities with or without a union, and sometimes a second tree.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.coverage.attribution import SIGNIFICANT_DIGITS, TERRITORIAL_LEVELS
from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.selectors import Counts, NodeCoverage, coverage_tree
from unionhall.coverage.tests.support import member
from unionhall.members.models import OPEN_STATUSES, EmploymentForm, Membership, MembershipStatus
from unionhall.orgs.models import Division, Employer, GrassrootsKind, OrgLevel, OrgStatus, OrgUnit
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import make_unit, uscc

COUNTIES = ["320501", "320502", "320503"]
TOWNS = [f"{c}{t:03d}" for c in COUNTIES for t in (1, 2)]
STATUSES = st.sampled_from([OrgStatus.ACTIVE] * 4 + [OrgStatus.DISSOLVED, OrgStatus.MERGED])


def full(code: str) -> str:
    return code.ljust(12, "0")


def load_divisions(draw: Any) -> list[str]:
    Division.objects.create(code=full("32"), name="江苏省", level=Division.Level.PROVINCE)
    Division.objects.create(code=full("3205"), name="苏州市", level=Division.Level.CITY, parent_id=full("32"))
    for c in COUNTIES:
        Division.objects.create(code=full(c), name=c, level=Division.Level.COUNTY, parent_id=full("3205"))
    villages = []
    for t in TOWNS:
        Division.objects.create(code=full(t), name=t, level=Division.Level.TOWN, parent_id=full(t[:6]))
        for v in range(1, draw(st.integers(0, 3)) + 1):
            kind = draw(st.sampled_from([Division.Kind.VILLAGE, Division.Kind.COMMUNITY]))
            code = f"{t}{v:03d}"
            Division.objects.create(code=code, name=code, level=Division.Level.VILLAGE, parent_id=full(t), kind=kind)
            villages.append(code)
    # A village in another city: no unit's division covers it unless the root sits at the province.
    Division.objects.create(code=full("3206"), name="南通市", level=Division.Level.CITY, parent_id=full("32"))
    Division.objects.create(
        code="320601001001", name="外市村", level=Division.Level.VILLAGE, kind=Division.Kind.VILLAGE
    )
    return [*villages, "320601001001"]


def build_tree(draw: Any, prefix: str, villages: list[str]) -> list[OrgUnit]:
    seq = iter(range(1, 1000))

    def code() -> str:
        return f"{prefix}{next(seq)}"

    root_division = draw(st.sampled_from([full("3205"), full("32"), None]))
    root = make_unit(None, code(), f"{prefix}市总", OrgLevel.CITY, division_id=root_division)
    units = [root]
    federations = [root]
    for _ in range(draw(st.integers(1, 3))):
        district = make_unit(
            root,
            code(),
            "区总",
            OrgLevel.DISTRICT,
            division_id=draw(st.sampled_from([*(full(c) for c in COUNTIES), None])),
            status=draw(STATUSES),
        )
        units.append(district)
        federations.append(district)
        for _ in range(draw(st.integers(0, 2))):
            town = make_unit(
                district,
                code(),
                "街道总",
                OrgLevel.TOWN,
                division_id=draw(st.sampled_from([*(full(t) for t in TOWNS), None])),
                status=draw(STATUSES),
            )
            units.append(town)
            federations.append(town)
    if draw(st.booleans()):
        industry = make_unit(root, code(), "行业工会", OrgLevel.INDUSTRY, division_id=full("3205"))
        units.append(industry)
        federations.append(industry)
    grassroots = []
    for _ in range(draw(st.integers(0, 6))):
        parent = draw(st.sampled_from(federations[1:] or federations))
        if parent.level == OrgLevel.CITY:
            continue
        kind = draw(st.sampled_from(GrassrootsKind.values))
        division = draw(st.sampled_from([*villages, *(full(t) for t in TOWNS), None])) if villages else None
        unit = make_unit(
            parent, code(), "基层工会", OrgLevel.GRASSROOTS, kind=kind, division_id=division, status=draw(STATUSES)
        )
        units.append(unit)
        grassroots.append(unit)
        if draw(st.booleans()):
            units.append(make_unit(unit, code(), "分工会", OrgLevel.BRANCH))
    for unit in units:
        unit.refresh_from_db()
    return units


def fill(draw: Any, units: list[OrgUnit], serial: list[int]) -> None:
    unions = [u for u in units if u.level == OrgLevel.GRASSROOTS]
    member_units = [u for u in units if u.level in (OrgLevel.GRASSROOTS, OrgLevel.BRANCH)]
    employers = []
    for _ in range(draw(st.integers(0, 8))):
        serial[0] += 1
        employers.append(
            Employer.objects.create(
                name=f"单位{serial[0]}",
                uscc=uscc(f"3205{serial[0]:010d}"),
                org=draw(st.sampled_from(units)),
                union=draw(st.sampled_from([None, *unions])) if unions else None,
                employee_count=draw(st.integers(0, 60)),
            )
        )
    if not member_units:
        return
    for _ in range(draw(st.integers(0, 12))):
        member(
            draw(st.sampled_from(member_units)),
            employer=draw(st.sampled_from([None, *employers])) if employers else None,
            status=draw(st.sampled_from(MembershipStatus.values)),
            platform=draw(st.booleans()),
        )


def naive_village_owner(code: str) -> OrgUnit | None:
    """The deepest active territorial unit whose division covers the village: a plain loop over all of them."""
    candidates = []
    for unit in OrgUnit.objects.filter(status=OrgStatus.ACTIVE, level__in=TERRITORIAL_LEVELS).order_by("path"):
        if unit.division_id is None:
            continue
        division = Division.objects.get(code=unit.division_id)
        significant = SIGNIFICANT_DIGITS[Division.Level(division.level)]
        if code.startswith(division.code[:significant]):
            candidates.append((unit.depth, significant, unit))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def naive_village_owners() -> dict[str, OrgUnit | None]:
    return {v.code: naive_village_owner(v.code) for v in Division.objects.filter(level=Division.Level.VILLAGE)}


def naive_counts(unit: OrgUnit, threshold: int, owners: dict[str, OrgUnit | None]) -> Counts:
    p = unit.path
    large = Employer.objects.filter(org__path__startswith=p, employee_count__gte=threshold)
    open_members = Membership.objects.filter(org__path__startswith=p, status__in=OPEN_STATUSES)
    counts = Counts(
        employers=large.count(),
        employers_covered=large.filter(union__isnull=False).count(),
        covered_employees=Employer.objects.filter(union__path__startswith=p).aggregate(s=Sum("employee_count"))["s"]
        or 0,
        members=open_members.count(),
        platform_members=open_members.filter(person__employment_form=EmploymentForm.PLATFORM).count(),
    )
    for village in Division.objects.filter(level=Division.Level.VILLAGE):
        owner = owners[village.code]
        if owner is None or not owner.path.startswith(p):
            continue
        has_union = OrgUnit.objects.filter(
            division_id=village.code,
            level=OrgLevel.GRASSROOTS,
            kind__in=[GrassrootsKind.VILLAGE, GrassrootsKind.COMMUNITY],
            status=OrgStatus.ACTIVE,
        ).exists()
        if village.kind == Division.Kind.VILLAGE:
            counts.villages += 1
            counts.villages_with_union += has_union
        else:
            counts.communities += 1
            counts.communities_with_union += has_union
    return counts


def children_of(node: NodeCoverage, nodes: dict[str, NodeCoverage]) -> list[NodeCoverage]:
    return [n for n in nodes.values() if n.depth == node.depth + 1 and n.path.startswith(node.path)]


def check_example(draw: Any) -> None:
    threshold = draw(st.integers(1, 40))
    CoverageSettings.objects.update_or_create(pk=1, defaults={"size_threshold": threshold})
    villages = load_divisions(draw)
    serial = [0]
    units = build_tree(draw, "A", villages)
    fill(draw, units, serial)
    if draw(st.booleans()):  # a second tree: nothing of it may reach the first one's numbers
        fill(draw, build_tree(draw, "B", villages), serial)

    root = units[0]
    nodes = coverage_tree(SYSTEM, root)
    assert set(nodes) == {u.path for u in units}
    owners = naive_village_owners()
    for node in nodes.values():
        expected = node.own.copy()
        for child in children_of(node, nodes):
            expected.add(child.total)
        assert node.total == expected, f"{node.code}: total is not own + children"
        unit = OrgUnit.objects.get(pk=node.id)
        assert node.total == naive_counts(unit, threshold, owners), f"{node.code}: differs from a naive recount"

    # Looked at from any node, the numbers are the same as from the root.
    start = draw(st.sampled_from(units))
    for path, node in coverage_tree(SYSTEM, start).items():
        assert (node.own, node.total) == (nodes[path].own, nodes[path].total)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_every_nodes_counts_are_its_own_plus_its_childrens_and_equal_a_naive_recount(data: st.DataObject) -> None:
    with transaction.atomic():
        try:
            check_example(data.draw)
        finally:
            transaction.set_rollback(True)
