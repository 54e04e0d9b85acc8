"""seed_demo's skills contests: 姑苏区's 数控车工技术比武 is finished with six ranked entrants (places 1…6, two
tied on the total and parted by the practice score), three awarded, every entrant scored by five judges; the
chair's union runs its own 钳工岗位练兵, in progress with some scores given, waiting on her home page; her
own union's entrants are not hers to judge."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from unionhall.accounts.models import User
from unionhall.contests import selectors
from unionhall.contests.models import ContestStatus, SkillsContest
from unionhall.demo.seed import seed_demo
from unionhall.panels import selectors as panel_selectors

pytestmark = pytest.mark.django_db


def test_the_demo_district_finished_a_contest_and_a_union_runs_one() -> None:
    result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
    assert result["skills_contests"] == 2
    finished = SkillsContest.objects.get(status=ContestStatus.FINISHED)
    rows = list(finished.entrants.order_by("rank").values_list("rank", "total", "practice", "awarded"))
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and len(rows) == 6
    assert [r[3] for r in rows] == [True, True, True, False, False, False]
    assert any(a[1] == b[1] and a[2] > b[2] for a, b in itertools.pairwise(rows))
    assert finished.panel is not None and set(finished.panel.subjects.values_list("score_count", flat=True)) == {5}
    running = SkillsContest.objects.get(status=ContestStatus.RUNNING)
    chair = User.objects.get(username="chair_demo")
    organizer = chair if running.org.code == "SZ-GS-01-E01" else User.objects.get(username="cadre_town")
    assert selectors.waiting_count(organizer) == 1
    assert running.entrants.count() >= 2 and running.panel is not None
    assert set(selectors.contests_for(User.objects.get(username="cadre_gusu"))) == {running, finished}
    assert not panel_selectors.to_score(chair).filter(panel=running.panel, org=chair.grants.get().org).exists()
