"""The supervised tasks' deadline sweep as a background task (django-tasks-db's worker). A scheduler (cron,
a systemd timer) enqueues it with `manage.py supervision_deadlines --enqueue`; two runs at once are harmless
(sweep.py claims each row once)."""

from __future__ import annotations

from django.tasks import task

from unionhall.core.actors import SystemActor
from unionhall.supervision.sweep import deadline_sweep as sweep

SWEEPER = SystemActor("supervision_deadlines")


@task()
def deadline_sweep() -> dict[str, int]:
    return sweep(actor=SWEEPER).as_dict()
