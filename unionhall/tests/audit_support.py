"""Shared vocabulary of the audit completeness test.

Each app with writing services describes them in `unionhall/<app>/tests/audit_recipes.py` as
`RECIPES: dict[str, tuple[Recipe, Recipe | None]]` keyed by the service's dotted name: a call that
succeeds and a call that is refused (None when nothing can refuse it). A recipe gets the small city
and returns a thunk; whatever must be prepared happens before the thunk is returned, and only the
thunk's audit events are counted. `core/tests/test_audit.py` collects them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.core.actors import SystemActor
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City

SYSTEM = SystemActor("test")
Recipe = Callable[[City], Callable[[], Any]]


def last_event() -> AuditEvent:
    return AuditEvent.objects.latest("id")
