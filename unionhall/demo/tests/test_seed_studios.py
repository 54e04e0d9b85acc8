"""The demo's and seed_city's innovation studios: three demo studios at three levels, the chair's union's with
its proposals and patent linked, its verified benefit and last year's 优秀 review; the city's in proportion
to its members, at least one a district, each lead a member of the studio's union, reviewed by the federation
above, flagged exactly when both years failed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from unionhall.demo.city import seed_city
from unionhall.demo.seed import seed_demo
from unionhall.innovation import studio_selectors, studio_workflow
from unionhall.innovation.models import Studio, StudioRating, StudioReview
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs.models import OrgLevel, OrgUnit
from unionhall.tests.audit_support import SYSTEM
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_studios_at_three_levels_and_one_reviewed() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
    assert result["innovation_studios"] == 3
    assert set(Studio.objects.values_list("level", flat=True)) == {"city", "provincial", "national"}
    first = Studio.objects.get(level="city")
    row = studio_selectors.with_results(studio_selectors.studios_for(SYSTEM)).get(pk=first.pk)
    assert row.n_submissions >= 1 and row.n_patents == 1 and row.benefit_fen == 12_500_000
    review = StudioReview.objects.get(studio=first)
    assert (review.year, review.rating, review.evidence.count()) == (2025, StudioRating.EXCELLENT, 1)
    assert review.reviewer_org == studio_workflow.upper_federation(first.org)


def test_seed_city_writes_studios_in_proportion_reviewed_by_the_federation_above() -> None:
    result = seed_city(members=3000, seed=3, today=dt.date(2026, 11, 2))
    studios = list(Studio.objects.select_related("org"))
    districts = OrgUnit.objects.filter(level=OrgLevel.DISTRICT)
    peopled = [d for d in districts if Membership.objects.filter(org__path__startswith=d.path).exists()]
    assert result["innovation_studios"] == len(studios) >= len(peopled) > 1
    for d in peopled:
        assert any(s.org.path.startswith(d.path) for s in studios), d.name
    for s in studios:
        assert Membership.objects.filter(person_id=s.lead_id, org=s.org, status__in=OPEN_STATUSES).exists()
        assert s.members.filter(person_id=s.lead_id).exists()
        years = {r.year: r for r in s.reviews.select_related("reviewer_org")}
        assert all(r.reviewer_org == studio_workflow.upper_federation(s.org) for r in years.values())
        failed = {y for y, r in years.items() if r.rating == StudioRating.FAIL}
        assert s.flagged == (failed == {2024, 2025})
    assert result["innovation_studio_reviews"] == StudioReview.objects.count() > 0
