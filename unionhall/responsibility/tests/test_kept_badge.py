"""The cadre's badge of overdue visits is kept per user and day (console/registry.py, `todo_daily`): it
follows a visit at once, and a new day on which a period ends, though no table changed.

Transactional: inside a test's transaction nothing is kept, and this test is about keeping."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from unionhall.responsibility import services
from unionhall.responsibility.models import Frequency
from unionhall.responsibility.tests.support import point
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)


def _badge(client: Any) -> str:
    sidebar = client.get(reverse("members:list")).content.decode().split('data-testid="sidebar"')[1]
    found = re.search(r"走访逾期</span><span class=\"badge[^>]*>(\d+)</span>", sidebar.split("</nav>")[0])
    return found[1] if found else "0"


def test_the_kept_overdue_badge_follows_a_visit_and_the_day_a_period_ends(city: City) -> None:
    with time_machine.travel(date(2026, 3, 30), tick=False):  # a monthly point begun last month: March is due
        assignment = point(city.users["cadre_t1"], city.u1, frequency=Frequency.MONTHLY, starts_on=date(2026, 2, 1))
        client = city.client("cadre_t1")
        assert _badge(client) == _badge(client) == "1"  # February had no visit
        services.visit_record(
            actor=SYSTEM, assignment=assignment, visited_on=date(2026, 3, 30), purpose="走访", findings="正常"
        )
        assert _badge(client) == "0"
    # April 1st: March ended with its visit, so nothing is due; May 1st: April ended with none.
    with time_machine.travel(date(2026, 4, 1) + timedelta(hours=1), tick=False):
        client = city.client("cadre_t1")
        assert _badge(client) == "0"
    with time_machine.travel(date(2026, 5, 1) + timedelta(hours=1), tick=False):
        client = city.client("cadre_t1")
        assert _badge(client) == "1"
