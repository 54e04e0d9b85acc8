"""Scores sent together, on PostgreSQL: one reviewer's score sent six times at the same moment is kept once
(the rest refused with the words of a second score), and several reviewers scoring one subject together all
count in its result (the subject's row is locked while the result is computed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from unionhall.core.errors import Conflict
from unionhall.panels import services
from unionhall.panels.models import Score
from unionhall.panels.tests.support import panel, reviewer, seat, subject, values
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_reviewers_score_sent_together_is_kept_once(city: City) -> None:
    p = panel(city)
    judge = reviewer("judge", city.d2)
    seat(p, judge)
    s = subject(p, city.u1)

    def score() -> Any:
        try:
            return services.panel_score(actor=judge, subject=s, values=values(p, 8, 7))
        except Conflict as refused:
            return refused

    outcomes = run_together([score for _ in range(6)])
    assert sum(isinstance(o, Score) for o in outcomes) == 1, outcomes
    assert all("只评一次" in o.message for o in outcomes if isinstance(o, Conflict))
    assert Score.objects.count() == 1


def test_five_reviewers_scoring_together_all_count_and_the_extremes_drop(city: City) -> None:
    p = panel(city)
    judges = [reviewer(f"judge{i}", city.d2) for i in range(5)]
    seat(p, *judges)
    s = subject(p, city.u1)
    marks = [(10, 10), (8, 5), (6, 5), (1, 0), (7, 5)]  # totals 100, 68, 56, 6, 62
    jobs = [
        (lambda j=j, m=m: services.panel_score(actor=j, subject=s, values=values(p, *m)))
        for j, m in zip(judges, marks, strict=True)
    ]
    outcomes = run_together(jobs)
    assert all(isinstance(o, Score) for o in outcomes), outcomes
    s.refresh_from_db()
    assert s.score_count == 5 and s.result == Decimal("62.00")
