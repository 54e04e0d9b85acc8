"""The suite's clock switch (clock.py): where it moves the clock, and that the whole process follows it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from unionhall.tests import clock

PROBE_ENV = "UNIONHALL_CLOCK_PROBE"


def test_an_evening_hour_later_today_is_taken_today() -> None:
    now = datetime(2026, 12, 6, 9, 15, tzinfo=UTC)
    assert clock.next_occurrence("17:00", now=now) == datetime(2026, 12, 6, 17, 0, tzinfo=UTC)


def test_an_hour_already_past_today_is_taken_tomorrow_so_the_clock_never_goes_back() -> None:
    now = datetime(2026, 12, 6, 20, 18, tzinfo=UTC)
    assert clock.next_occurrence("03:00", now=now) == datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    assert clock.next_occurrence("20:18", now=now) == datetime(2026, 12, 7, 20, 18, tzinfo=UTC)


@pytest.mark.parametrize("hour", ["00:00", "03:00", "15:59", "16:00", "17:00", "23:59"])
def test_the_destination_is_ahead_of_the_real_clock_by_less_than_a_day(hour: str) -> None:
    start = datetime(2026, 12, 31, 0, 0, 30, tzinfo=UTC)
    for minutes in range(0, 24 * 60, 7):
        now = start + timedelta(minutes=minutes)
        ahead = clock.next_occurrence(hour, now=now) - now
        assert timedelta(0) < ahead <= timedelta(days=1)


def test_at_17_utc_shanghai_is_already_on_the_next_day() -> None:
    at = clock.next_occurrence("17:00", now=datetime(2026, 12, 6, 9, tzinfo=UTC))
    assert timezone.localdate(at) == at.date() + timedelta(days=1)


def test_an_instant_handed_down_by_the_controller_is_kept_as_it_is() -> None:
    at = clock.destination("2026-12-07T17:00:00+00:00", now=datetime(2026, 12, 8, tzinfo=UTC))
    assert at == datetime(2026, 12, 7, 17, tzinfo=UTC) and at.tzinfo is UTC


@pytest.mark.parametrize("value", ["17", "25:00", "evening", "2026-12-07T17:00:00"])
def test_a_clock_that_is_neither_an_hour_nor_an_instant_with_offset_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=clock.CLOCK_ENV):
        clock.destination(value, now=datetime(2026, 12, 6, tzinfo=UTC))


def test_the_live_server_thread_answers_from_the_travelled_clock(live_server: Any) -> None:
    """The live server runs in a thread of this process; its HTTP Date header comes from time.time()."""
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3, hours=5)
    # Nested inside the session's clock when one is set.
    with time_machine.travel(at, tick=True), urllib.request.urlopen(live_server.url + "/accounts/login/") as page:  # noqa: S310
        served = parsedate_to_datetime(page.headers["Date"])
    assert abs(served - at) < timedelta(minutes=1)


@pytest.mark.parametrize("n", [1, 2])
def test_probe_writes_the_clock_this_worker_sees(n: int) -> None:
    """Only for the test below, which runs this in a child pytest; skipped in the suite itself."""
    out = os.environ.get(PROBE_ENV)
    if not out:
        pytest.skip("a probe for test_every_xdist_worker_starts_from_the_same_evening_instant")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    record = {"worker": worker, "now": datetime.now(UTC).isoformat(), "clock": os.environ[clock.CLOCK_ENV]}
    Path(out, f"{worker}-{n}.json").write_text(json.dumps(record))


def test_every_xdist_worker_starts_from_the_same_evening_instant(tmp_path: Path) -> None:
    # The child resolves 17:00 from the real clock, on SQLite (the probe needs no database, and a
    # PostgreSQL test database named for a worker would be this run's own).
    env = {**os.environ, clock.CLOCK_ENV: "17:00", PROBE_ENV: str(tmp_path)}
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "DATABASE_URL"):
        env.pop(name, None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-n", "2", "--dist", "load"]
    command += ["-k", "probe", str(Path(__file__).relative_to(settings.BASE_DIR))]
    done = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stdout + done.stderr
    records = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    hatch = time_machine.escape_hatch  # this session may itself run on a moved clock: compare with the real one
    real_now = hatch.datetime.datetime.now(UTC) if hatch.is_travelling() else datetime.now(UTC)
    expected = clock.next_occurrence("17:00", now=real_now - timedelta(minutes=5))
    assert len(records) == 2 and {r["worker"] for r in records} <= {"gw0", "gw1"}
    assert {r["clock"] for r in records} == {expected.isoformat()}
    for r in records:
        assert timedelta(0) <= datetime.fromisoformat(r["now"]) - expected < timedelta(minutes=2)
