"""seed_city: the city data set of PRODUCT.md §5, shaped as asked, valid, the same for the same seed."""

from __future__ import annotations

import datetime as dt
import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from stdnum.cn import ric, uscc

from unionhall.core import pii
from unionhall.coverage.models import CoverageSnapshot
from unionhall.demo.city import CHAIR_UNION, CityBuilder, Shape, seed_city
from unionhall.demo.seed import DEMO_USERS
from unionhall.members.models import OPEN_STATUSES, Membership, MembershipEvent, Person
from unionhall.orgs.divisions import load_divisions
from unionhall.orgs.models import Employer, Grant, GrassrootsKind, OrgLevel, OrgUnit, Role

DAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def province() -> None:
    load_divisions(province="32")


def test_the_city_has_as_many_members_unions_and_employers_as_asked() -> None:
    result = seed_city(members=3000, seed=3, today=DAY)
    assert result["members"] == Membership.objects.filter(status__in=OPEN_STATUSES).count() == 3000
    assert result["grassroots_unions"] == OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).count() == 60
    assert result["employers"] == Employer.objects.count() == 150
    assert Person.objects.count() == Membership.objects.count() == 3000 + 90  # and 3% who left
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    assert OrgUnit.objects.filter(level=OrgLevel.DISTRICT).count() == 10
    assert OrgUnit.objects.filter(level=OrgLevel.TOWN).count() == 118
    # Every grassroots union has members; the others hold none.
    per_union = dict(Membership.objects.values_list("org").annotate(n=Count("id")).values_list("org", "n"))
    grassroots = set(OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).values_list("id", flat=True))
    assert set(per_union) == grassroots
    # Coverage has gaps to show: employers without a union above and below the size threshold.
    assert Employer.objects.filter(union__isnull=True, employee_count__gte=25).exists()
    assert Employer.objects.filter(union__isnull=True, employee_count__lt=25).exists()
    assert OrgUnit.objects.filter(term_ends_on__lt=DAY).exists()
    assert OrgUnit.objects.filter(term_ends_on__gte=DAY).exists()
    # Last year's coverage is kept from the city as built, one row per unit, so the dashboard compares.
    root = OrgUnit.objects.get(level=OrgLevel.CITY)
    assert result["coverage_snapshot_units"] == CoverageSnapshot.objects.filter(year=DAY.year - 1).count()
    assert CoverageSnapshot.objects.get(org=root, year=DAY.year - 1).figures["members"] == 3000


@pytest.mark.usefixtures("province")
def test_a_full_size_city_mixes_every_kind_of_grassroots_union() -> None:
    builder = CityBuilder(Shape.for_members(200_000), random.Random(1), DAY, timezone.now())
    builder.build()
    kinds = {node.values["kind"] for node in builder.grassroots}
    assert kinds == {k.value for k in GrassrootsKind} - {GrassrootsKind.INDUSTRY}
    assert len(builder.grassroots) == 4000
    assert len(builder.employer_rows) == 10_000
    assert any(node.values["level"] == OrgLevel.BRANCH for node in builder.nodes)


def test_every_code_and_every_personal_record_is_valid() -> None:
    seed_city(members=800, seed=5, today=DAY)
    for person in Person.objects.all():
        number = pii.decrypt(person.id_number_enc)
        assert ric.is_valid(number), number
        assert person.id_number_hash == pii.blind_index(number)
        assert person.id_number_masked == pii.mask_id_number(number)
        assert person.birth_date == ric.get_birth_date(number)
    assert all(uscc.is_valid(code) for code in Employer.objects.values_list("uscc", flat=True))
    assert all(uscc.is_valid(u) for u in OrgUnit.objects.exclude(uscc="").values_list("uscc", flat=True))
    for membership in Membership.objects.all():
        assert membership.member_no == f"GH{membership.person_id:010d}"
    assert MembershipEvent.objects.filter(kind="join").count() == Membership.objects.count()
    assert MembershipEvent.objects.filter(kind="leave").count() == Membership.objects.filter(status="left").count()


@pytest.mark.usefixtures("province")
def test_the_same_seed_builds_the_same_city_and_another_seed_another() -> None:
    def plan(seed: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[int]]:
        builder = CityBuilder(Shape.for_members(50_000), random.Random(seed), DAY, timezone.now())
        builder.build()
        units = [row[:-2] for row in builder.unit_rows()]  # without the timestamps
        return units, [row[:-2] for row in builder.employer_rows], builder.member_plan()

    first = plan(11)
    assert plan(11) == first
    assert plan(12) != first


def test_it_gives_every_demo_login_a_place_in_the_city() -> None:
    seed_city(members=500, seed=1, today=DAY)
    assert Grant.objects.filter(user__username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)
    # Besides them: a cadre for each district without a demo login, and the workers of the load test.
    cadres = Grant.objects.filter(role=Role.FEDERATION_CADRE, org__level=OrgLevel.DISTRICT)
    assert set(cadres.values_list("org__code", flat=True)) == set(
        OrgUnit.objects.filter(level=OrgLevel.DISTRICT).values_list("code", flat=True)
    )
    assert Grant.objects.filter(role=Role.WORKER, user__username__startswith="worker_0").exists()
    chair = Grant.objects.get(user__username="chair_demo")
    assert (chair.role, chair.org.code) == (Role.GRASSROOTS_STAFF, CHAIR_UNION)
    assert Grant.objects.get(user__username="cadre_gusu").org.code == "SZ-GS"


def test_the_command_prints_what_it_built_and_refuses_a_database_with_a_tree() -> None:
    out = StringIO()
    call_command("seed_city", "--members", "300", "--seed", "2", stdout=out)
    result = json.loads(out.getvalue())
    assert result["members"] == 300
    with pytest.raises(CommandError, match="已有组织树"):
        call_command("seed_city", "--members", "300", stdout=StringIO())
    skipped = StringIO()
    call_command("seed_city", "--members", "300", "--if-empty", stdout=skipped)
    assert "跳过" in skipped.getvalue()
    with pytest.raises(CommandError, match="至少为 1"):
        call_command("seed_city", "--members", "0", stdout=StringIO())
