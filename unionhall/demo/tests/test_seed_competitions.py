"""seed_demo's labour competitions: 姑苏区's running 重点工程劳动竞赛 has a ranking from the first half's verified
results, two second-half results wait for the district cadre's verification and one was returned; last year's
节能减排 competition is finished with its commendation and two commended places; the chair's union sees both."""

from __future__ import annotations

import datetime as dt

import pytest

from unionhall.accounts.models import User
from unionhall.competitions import ranking, selectors
from unionhall.competitions.models import Competition, CompetitionStatus, ResultStatus
from unionhall.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_district_runs_a_competition_and_finished_last_years() -> None:
    result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
    assert result["competitions"] == 2
    running = Competition.objects.get(status=CompetitionStatus.RUNNING)
    finished = Competition.objects.get(status=CompetitionStatus.FINISHED)
    table = ranking.table(running)
    assert len(table) == 5 and table[0].rank == 1 and table[0].score > table[-1].score
    statuses = list(running.results.filter(stage__number=2).values_list("status", flat=True))
    assert sorted(statuses) == [ResultStatus.ENTERED, ResultStatus.RETURNED]
    cadre = User.objects.get(username="cadre_gusu")
    assert selectors.waiting_count(cadre) == 1
    assert [s.commended for s in ranking.table(finished)] == [True, True, False, False]
    assert "优胜单位" in finished.commendation
    chair = User.objects.get(username="chair_demo")
    assert set(selectors.competitions_for(chair)) == {running, finished}
