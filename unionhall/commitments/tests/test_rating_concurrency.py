"""Once a quarter under parallel requests, on PostgreSQL: a chair's union sending the same rating several
times at the same moment is counted once; the rest are refused with the same words as a second rating."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from unionhall.commitments import services
from unionhall.commitments.models import Rating
from unionhall.commitments.tests.support import card_of_t1
from unionhall.core.errors import Conflict
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MAY = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_parallel_ratings_of_one_commitment_by_one_union_count_once(city: City) -> None:
    with time_machine.travel(MAY, tick=False):
        commitment = card_of_t1(city).commitments.first()

    def rate() -> Any:
        with time_machine.travel(MAY, tick=False):
            try:
                return services.commitment_rate(
                    actor=city.users["chair_u1"],
                    commitment=commitment,
                    unit=city.u1,
                    score=5,  # type: ignore[arg-type]
                )
            except Conflict as refused:
                return refused

    outcomes = run_together([rate for _ in range(6)])
    assert sum(isinstance(o, Rating) for o in outcomes) == 1, outcomes
    assert all("本季度" in o.message for o in outcomes if isinstance(o, Conflict))
    assert Rating.objects.count() == 1
