"""seed_city's worker innovation and labour competitions: submissions in proportion to the members, of every
kind and stage, filed over this year and the last, some by teams, some with a verified benefit; every district
organizes competitions with participants, verified results and kept standings; and the dashboard of the
city opens on them with figures that add up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.competitions.models import Competition, CompetitionStatus, ResultStatus, Standing
from unionhall.demo.city import seed_city
from unionhall.innovation.models import Status, Submission, SubmissionMember
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs.models import OrgLevel, OrgUnit

MEMBERS = 3000
DAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """One city for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_city(members=MEMBERS, seed=11, today=DAY)
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city")]


def test_the_city_has_submissions_in_proportion_of_every_kind_and_stage(city: dict[str, int]) -> None:
    assert Submission.objects.count() == city["innovation_submissions"] == MEMBERS // 100
    statuses = Counter(Submission.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.ADOPTED, Status.NOT_ADOPTED, Status.BENEFIT_VERIFIED} <= set(statuses)
    assert len(set(Submission.objects.values_list("kind", flat=True))) >= 5
    verified = Submission.objects.filter(status=Status.BENEFIT_VERIFIED)
    assert verified.exists() and not verified.filter(verified_benefit_fen__isnull=True).exists()
    assert not Submission.objects.exclude(status=Status.BENEFIT_VERIFIED).exclude(verified_benefit_fen=None).exists()
    years = {timezone.localtime(t).year for t in Submission.objects.values_list("filed_at", flat=True)}
    assert years <= {DAY.year - 1, DAY.year} and DAY.year in years


def test_each_submission_has_one_lead_and_its_team_are_members_of_its_union(city: dict[str, int]) -> None:
    counts = Counter(SubmissionMember.objects.values_list("submission_id", flat=True))
    assert len(counts) == Submission.objects.count() and max(counts.values()) > 1
    assert SubmissionMember.objects.filter(is_lead=True).count() == Submission.objects.count()
    unions = dict(Submission.objects.values_list("id", "org_id"))
    where = dict(Membership.objects.filter(status__in=OPEN_STATUSES).values_list("person_id", "org_id"))
    for sid, person in SubmissionMember.objects.values_list("submission_id", "person_id"):
        assert where[person] == unions[sid]


def test_every_district_organizes_competitions_with_verified_results_and_standings(city: dict[str, int]) -> None:
    districts = OrgUnit.objects.filter(level=OrgLevel.DISTRICT).count()
    assert Competition.objects.count() == city["competitions"] == 3 * districts
    assert Competition.objects.filter(status=CompetitionStatus.FINISHED).count() == districts
    for c in Competition.objects.annotate(n=Count("participants")):
        assert c.n >= 2 and c.org.level == OrgLevel.DISTRICT
        assert all(p.org.path.startswith(c.org.path) for p in c.participants.select_related("org"))
        overall = Standing.objects.filter(competition=c, stage=None).order_by("rank")
        assert overall.count() == c.n and overall.first().rank == 1  # type: ignore[union-attr]
        assert c.results.filter(status=ResultStatus.VERIFIED).exists()
    assert Standing.objects.filter(commended=True).count() == 2 * districts
    assert Competition.objects.filter(results__status=ResultStatus.ENTERED).distinct().count() == 2 * districts


def test_the_city_reviewer_opens_the_dashboard_and_its_figures_add_up(city: dict[str, int]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="reviewer_city"))
    response = client.get(reverse("reports:innovation"), {"year": DAY.year})
    assert response.status_code == 200
    report = response.context["report"]()
    t = report.total
    assert t.members == MEMBERS and 0 < t.participants < t.members
    assert t.submissions == Submission.objects.filter(filed_at__year=DAY.year).count()
    assert t.submissions == report.own.submissions + sum(c.figures.submissions for c in report.children)
    assert t.organized == Competition.objects.filter(starts_on__year=DAY.year).count()
    assert report.competitions and all(c.leaders for c in report.competitions)
