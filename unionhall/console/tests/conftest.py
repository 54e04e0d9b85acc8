"""The console's browser tests walk the demo city as its roles do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    """The demo city, committed so the live server's thread sees it; the city admin's second factor relaxed
    as `make run` relaxes it."""
    from unionhall.demo.seed import seed_demo

    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False
    seed_demo(members=60, seed=3, today=dt.date(2026, 11, 1))
