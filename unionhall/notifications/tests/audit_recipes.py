"""Audit recipes of the message services (see unionhall/tests/audit_support.py): marking one's own messages read
succeeds for a user and is refused for an actor who has no inbox (a system job)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.notifications import services
from unionhall.tests.audit_support import SYSTEM, Recipe
from unionhall.tests.city import City


def _mark_own(c: City) -> Callable[[], Any]:
    user = c.users["chair_u1"]
    services.notify([user], kind="test", title="测试消息")
    return lambda: services.notification_mark_read(actor=user)


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.notifications.services.notification_mark_read": (
        _mark_own,
        lambda c: lambda: services.notification_mark_read(actor=SYSTEM),
    ),
}
