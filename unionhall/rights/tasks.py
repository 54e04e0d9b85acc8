"""The deadline sweep as a background task (Django tasks, django-tasks-db's worker). A scheduler (cron, a
systemd timer) enqueues it every few minutes with `manage.py rights_deadlines --enqueue`; running it twice
at once is harmless (sweep.py claims each row once)."""

from __future__ import annotations

from django.tasks import task

from unionhall.core.actors import SystemActor
from unionhall.rights.sweep import deadline_sweep as sweep

SWEEPER = SystemActor("rights_deadlines")


@task()
def deadline_sweep() -> dict[str, int]:
    return sweep(actor=SWEEPER).as_dict()
