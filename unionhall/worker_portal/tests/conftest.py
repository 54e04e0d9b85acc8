"""Fixtures the worker portal's tests share (the kit, unionhall/tests, holds what other apps share too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unionhall.notifications import sms
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import Mine, worker_world


@pytest.fixture
def mine(city: City) -> Mine:
    """A worker of U1 with a login, a membership and what the portal shows them (tests/support.py)."""
    return worker_world(city)


@pytest.fixture
def outbox(settings: Any) -> list[tuple[str, str]]:
    """The text messages sent, kept in memory instead of the log."""
    settings.SMS_BACKEND = "unionhall.notifications.sms.MemoryBackend"
    sms.MemoryBackend.outbox = []
    return sms.MemoryBackend.outbox


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    """Uploads go to a directory of their own per test."""
    settings.MEDIA_ROOT = tmp_path
