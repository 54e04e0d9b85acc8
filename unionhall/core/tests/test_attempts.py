"""The attempt guard behind every limit on guesses: claims counted before the guess is evaluated, locks
after the limit, and on PostgreSQL a crowd of parallel claims that cannot pass the limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from unionhall.core import attempts
from unionhall.core.attempts import Rule
from unionhall.core.models import AttemptCounter
from unionhall.tests.concurrency import run_together

RULE = Rule("test.subject", limit=3, window=timedelta(minutes=15), lock=timedelta(minutes=15))
PER_HOUR = Rule("test.hourly", limit=2, window=timedelta(hours=1), lock=timedelta(hours=1), reset_on_success=False)
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def fail(subject: str = "a", rule: Rule = RULE) -> bool:
    c = attempts.claim((rule, subject))
    if c.ok:
        c.failed()
    return c.ok


@pytest.mark.django_db
def test_failures_up_to_the_limit_are_evaluated_then_the_subject_locks_for_the_lock_time() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        assert [fail() for _ in range(4)] == [True, True, True, False]
        assert attempts.locked_until(RULE, "a") == START + RULE.lock
        assert fail("b"), "another subject has its own counter"
        traveller.shift(timedelta(minutes=14))
        assert not fail(), "a try during the lock is refused"
        assert attempts.locked_until(RULE, "a") == START + RULE.lock, "and does not extend it"
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert fail(), "after the lock the count starts again"


@pytest.mark.django_db
def test_a_success_resets_the_count_and_a_refusal_elsewhere_gives_the_attempt_back() -> None:
    fail()
    fail()
    attempts.claim((RULE, "a")).succeeded()
    assert [fail() for _ in range(3)] == [True, True, True]
    c = attempts.claim((RULE, "b"))
    c.released()
    assert AttemptCounter.objects.get(key=attempts.key_of(RULE, "b")).attempts == 0


@pytest.mark.django_db
def test_a_rule_that_does_not_reset_on_success_only_gives_back_the_successful_attempt() -> None:
    assert fail("net", PER_HOUR)
    attempts.claim((PER_HOUR, "net")).succeeded()
    assert fail("net", PER_HOUR)
    assert not fail("net", PER_HOUR), "two failures in the hour, whatever succeeded between them"


@pytest.mark.django_db
def test_a_claim_refused_by_a_later_rule_gives_back_the_earlier_ones() -> None:
    for _ in range(2):
        fail("net", PER_HOUR)
    c = attempts.claim((RULE, "a"), (PER_HOUR, "net"))
    assert not c.ok and c.refused == PER_HOUR
    assert AttemptCounter.objects.get(key=attempts.key_of(RULE, "a")).attempts == 0


@pytest.mark.django_db
def test_failures_older_than_the_window_no_longer_count() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        fail()
        fail()
        traveller.shift(timedelta(minutes=16))
        assert [fail() for _ in range(4)] == [True, True, True, False]


@pytest.mark.django_db
def test_the_table_keeps_no_subject_in_clear() -> None:
    fail("13812345678")
    assert "13812345678" not in AttemptCounter.objects.get().key


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_claims_on_one_subject_let_through_exactly_the_limit() -> None:
    def job() -> bool:
        c = attempts.claim((RULE, "crowd"))
        if c.ok:
            c.failed()
        return c.ok

    granted = run_together([job] * 50, timeout=60)
    assert granted.count(True) == RULE.limit
    assert attempts.locked_until(RULE, "crowd") is not None


@pytest.mark.django_db
def test_counters_idle_for_a_day_are_purged_and_live_ones_kept() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        fail("old")
        traveller.shift(timedelta(hours=23))
        fail("recent")
        traveller.shift(timedelta(hours=2))
        assert attempts.purge_stale() == 1
        assert AttemptCounter.objects.get().key == attempts.key_of(RULE, "recent")
