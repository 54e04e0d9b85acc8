"""The suite's clock switch: `UNIONHALL_TEST_CLOCK=17:00 pytest` runs every test at the next 17:00 UTC.

The platform's calendar is Shanghai's (UTC+8): from 16:00 to 24:00 UTC it is already tomorrow there, and a
test that takes a UTC date for today passes by day and fails in the evening. Moving the whole suite's
clock to a chosen hour makes such a test fail at once, whatever the hour of the run.

The clock only ever moves forward, to the next occurrence of the hour (less than 24 hours ahead): the
browser tests drive the real, unpatched Chromium, which drops a session cookie whose expiry Django computed
in what is, for the browser, the past. It keeps ticking (`tick=True`), so timeouts and durations still
pass. time-machine patches the C-level clocks of the whole process, so the live server's threads see the
same time, and a test's own `time_machine`/`travel` nests inside and returns to this clock afterwards.

Under pytest-xdist the controller resolves the hour to one instant and writes it back into the variable,
which every worker inherits: all workers start from the same moment.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import time_machine

CLOCK_ENV = "UNIONHALL_TEST_CLOCK"
_HOUR = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")


def next_occurrence(hour: str, *, now: datetime) -> datetime:
    """The first moment at `hour` ("HH:MM", UTC) after `now`: ahead of it by more than 0 and at most 24 h."""
    match = _HOUR.match(hour)
    if match is None:
        raise ValueError(f"{CLOCK_ENV}={hour!r}: expected HH:MM (a UTC hour) or an ISO datetime with offset")
    at = now.astimezone(UTC).replace(hour=int(match["h"]), minute=int(match["m"]), second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


def destination(value: str, *, now: datetime) -> datetime:
    """The instant a run travels to: "HH:MM" is the next such UTC hour; an ISO datetime (as the controller
    hands it to xdist workers) is taken as it is."""
    if _HOUR.match(value):
        return next_occurrence(value, now=now)
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{CLOCK_ENV}={value!r}: expected HH:MM (a UTC hour) or an ISO datetime with offset") from None
    if at.tzinfo is None:
        raise ValueError(f"{CLOCK_ENV}={value!r}: an ISO datetime needs its offset, e.g. +00:00")
    # A plain UTC offset, never a ZoneInfo: time-machine would also change the process's TZ for a ZoneInfo.
    return at.astimezone(UTC)


_travel: time_machine.travel | None = None
_requested = ""


def start_from_environment() -> datetime | None:
    """Travel to the hour in UNIONHALL_TEST_CLOCK (nothing when unset or empty); returns where to."""
    global _travel, _requested
    value = os.environ.get(CLOCK_ENV, "").strip()
    if not value or _travel is not None:
        return None
    _requested = value
    at = destination(value, now=datetime.now(UTC))
    # Workers (and any subprocess) inherit the resolved instant, not the hour: all start from one moment.
    os.environ[CLOCK_ENV] = at.isoformat()
    _travel = time_machine.travel(at, tick=True)
    _travel.start()
    return at


def describe() -> str:
    """For the report header: what was asked and where the clock went."""
    at = os.environ.get(CLOCK_ENV, "")
    if _travel is None:
        return "real"
    return at if _requested == at else f"{_requested} UTC → {at}"


def stop() -> None:
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None
