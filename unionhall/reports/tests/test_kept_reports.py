"""The two dashboards kept between requests (core/versions.py) are never stale and never foreign: a new
record shows at once, a case falling overdue shows when its due time passes, and a reach other than the one
a report was kept for gets its own or none.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
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


def _stat(client: Any, unit: Any, testid: str) -> str:
    text = client.get(reverse("reports:rights_node", args=[unit.pk])).content.decode()
    return re.search(rf'data-testid="{testid}">.*?class="rep-num"[^>]*>([^<]+)<', text, re.S)[1]


def test_the_kept_rights_dashboard_page_shows_a_new_case_and_a_case_falling_overdue(city: City) -> None:
    """The page's body is kept per user, unit and moment (reports/rights.html): a new case and a deadline
    passing both show on the next page; another user's page is their own."""
    cadre, city_admin = city.client("cadre_d1"), city.client("city_admin")
    assert _stat(cadre, city.d1, "stat-open") == _stat(cadre, city.d1, "stat-open") == "0"
    case = factories.case(city.u1)
    assert _stat(cadre, city.d1, "stat-open") == "1"
    assert _stat(city_admin, city.d2, "stat-open") == "0"
    # Due in ten minutes: the same signed-in session sees it before and after (signing in again would move
    # the users' count, which the body also reads, and hide a key that forgot the moment).
    due = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    Case.objects.filter(pk=case.pk).update(due_at=due)
    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        assert _stat(cadre, city.d1, "stat-overdue") == _stat(cadre, city.d1, "stat-overdue") == "0"
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert _stat(cadre, city.d1, "stat-overdue") == "1"


def _archives(client: Any, unit: Any, query: str = "") -> str:
    text = client.get(reverse("reports:node", args=[unit.pk]) + query).content.decode()
    return re.search(r'data-testid="stat-archives">.*?全部档案 ([\d,]+) 份', text, re.S)[1]


def test_the_kept_assistance_dashboard_page_shows_a_new_archive_and_keeps_each_users_own(city: City) -> None:
    """The page's body is kept per user, unit and filters (reports/dashboard.html)."""
    cadre, other = city.client("cadre_d1"), city.client("outsider")  # the outsider is a cadre of D2
    before = _archives(cadre, city.d1)
    assert _archives(cadre, city.d1) == before
    factories.archive(city.u1, status="approved")
    assert int(_archives(cadre, city.d1)) == int(before) + 1
    assert _archives(other, city.d2) == "0"
    earlier = cadre.get(reverse("reports:node", args=[city.d1.pk]) + "?year=2024").content.decode()
    assert "<p>2024年 · 含全部下级" in earlier  # the filters are the body's own key
