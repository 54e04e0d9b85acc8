"""The two dashboards kept between requests (core/versions.py) are never stale and never foreign: a new
record shows at once, a case falling overdue shows when its due time passes, and a reach other than the one
a report was kept for gets its own or none.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from unionhall.core.errors import NotFound
from unionhall.reports import rights_selectors
from unionhall.reports import selectors as assistance_selectors
from unionhall.rights.models import Case
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_case_shows_on_the_next_rights_dashboard(city: City) -> None:
    user = city.users["cadre_d1"]
    before = rights_selectors.report(user, city.d1).total.cases
    assert rights_selectors.report(user, city.d1).total.cases == before  # kept
    factories.case(city.u1)
    assert rights_selectors.report(user, city.d1).total.cases == before + 1


def test_a_case_falling_overdue_shows_when_its_due_time_passes(city: City) -> None:
    user = city.users["cadre_d1"]
    case = factories.case(city.u1)
    # Noon in Shanghai, so that a minute before and a minute after fall on the same day.
    noon = timezone.localtime(case.due_at).replace(hour=12, minute=0, second=0, microsecond=0)
    Case.objects.filter(pk=case.pk).update(due_at=noon)
    due = noon
    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        assert rights_selectors.report(user, city.d1).total.overdue == 0
        assert rights_selectors.report(user, city.d1).total.overdue == 0
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert rights_selectors.report(user, city.d1).total.overdue == 1


def test_a_report_kept_for_one_reach_is_refused_or_drawn_afresh_for_another(city: City) -> None:
    factories.case(city.u1)
    assert rights_selectors.report(city.users["cadre_d1"], city.d1).total.cases == 1
    with pytest.raises(NotFound):
        rights_selectors.report(city.users["outsider"], city.d1)
    assert rights_selectors.report(city.users["city_admin"], city.city).total.cases == 1
    assert rights_selectors.report(city.users["outsider"], city.d2).total.cases == 0


def test_a_new_archive_shows_on_the_next_assistance_dashboard(city: City) -> None:
    user = city.users["cadre_d1"]
    filters = assistance_selectors.Filters(year=timezone.localdate().year)
    before = assistance_selectors.report(user, city.d1, filters).total.archives
    assert assistance_selectors.report(user, city.d1, filters).total.archives == before
    factories.archive(city.u1, status="approved")
    assert assistance_selectors.report(user, city.d1, filters).total.archives == before + 1
    with pytest.raises(NotFound):
        assistance_selectors.report(city.users["outsider"], city.d1, filters)
