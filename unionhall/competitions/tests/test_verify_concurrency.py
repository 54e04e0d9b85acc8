"""Verifications at the same moment, on PostgreSQL: the organizer's two cadres verify different results of one
competition in parallel, and the same result twice; each result is verified once and the kept ranking is the
one computed from all of them (the competition's row lock makes the rewrites of the standings take turns)."""

from __future__ import annotations

from typing import Any

import pytest

from unionhall.competitions import ranking, services
from unionhall.competitions.models import Result, ResultStatus
from unionhall.competitions.tests.support import competition, enter
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_verifications_leave_the_ranking_of_every_verified_result(city: City) -> None:
    made = competition(city)
    results = [
        enter(made, city.u1, "JD", "90"),
        enter(made, city.u1, "AQ", "0"),
        enter(made, city.u2, "JD", "110"),
        enter(made, city.u2, "AQ", "3"),
    ]
    twice = [*results, results[0]]

    def verify(result: Result, who: str) -> Any:
        return lambda: services.competition_result_verify(actor=city.users[who], result=result)

    outcomes = run_together([verify(r, "cadre_d1" if n % 2 else "city_admin") for n, r in enumerate(twice)])
    assert outcomes.count("conflict") == 1, outcomes
    assert set(Result.objects.values_list("status", flat=True)) == {ResultStatus.VERIFIED}
    assert AuditEvent.objects.filter(action="competition_result.verify", success=True).count() == 4
    kept = [(s.participant_id, s.score, s.rank) for s in ranking.table(made)]
    fresh = [(p.key, p.score, p.rank) for p in ranking.compute(made)[None]]
    assert kept == fresh
    assert [(score, rank) for _, score, rank in kept] == [(94, 1), (66, 2)]  # 54 + 40; 66 + 0 (3 accidents)
