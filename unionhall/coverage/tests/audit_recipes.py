"""Audit recipes of the coverage services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from unionhall.coverage import services
from unionhall.coverage.models import OrganizingTask
from unionhall.orgs.models import Employer
from unionhall.tests.audit_support import SYSTEM, Recipe
from unionhall.tests.city import City


def _task(c: City) -> OrganizingTask:
    services.organizing_tasks_generate(actor=SYSTEM, org=c.t1)
    return OrganizingTask.objects.get(employer=c.e0)


def _on_task(fn: Callable[[City, OrganizingTask], Any], *, union_exists: bool = False) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        task = _task(c)
        if union_exists:
            Employer.objects.filter(pk=c.e0.pk).update(union=c.u1)
        return lambda: fn(c, task)

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.coverage.services.coverage_settings_update": (
        lambda c: (
            lambda: services.coverage_settings_update(
                actor=c.users["city_admin"], size_threshold=30, sync_join_rate=Decimal("0.75")
            )
        ),
        lambda c: lambda: services.coverage_settings_update(actor=c.users["cadre_d1"], sync_since=date(2025, 1, 1)),
    ),
    "unionhall.coverage.services.organizing_tasks_generate": (
        lambda c: lambda: services.organizing_tasks_generate(actor=c.users["cadre_t1"], org=c.t1),
        lambda c: lambda: services.organizing_tasks_generate(actor=c.users["reviewer_d1"], org=c.t1),
    ),
    "unionhall.coverage.services.organizing_task_close": (
        _on_task(lambda c, t: services.organizing_task_close(actor=c.users["cadre_t1"], task=t), union_exists=True),
        _on_task(lambda c, t: services.organizing_task_close(actor=c.users["cadre_t1"], task=t)),  # no union yet
    ),
    "unionhall.coverage.services.organizing_task_assign": (
        _on_task(
            lambda c, t: services.organizing_task_assign(actor=c.users["cadre_d1"], task=t, user=c.users["cadre_d1"])
        ),
        _on_task(
            lambda c, t: services.organizing_task_assign(actor=c.users["cadre_d1"], task=t, user=c.users["outsider"])
        ),
    ),
    "unionhall.coverage.services.coverage_snapshot_take": (
        lambda c: lambda: services.coverage_snapshot_take(actor=c.users["city_admin"], year=2025),
        lambda c: lambda: services.coverage_snapshot_take(actor=c.users["cadre_d1"], year=2025),  # not at the root
    ),
}
