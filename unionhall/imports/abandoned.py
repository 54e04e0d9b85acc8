"""Imports nobody came back to: a job left 待提交 (or waiting for its columns, refused, failed) longer than
IMPORT_ABANDONED_DAYS (default 7) is discarded, so uploaded rosters with their ID numbers do not linger.
Run nightly by `manage.py discard_abandoned_imports`; each job is discarded by the audited service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.imports import services
from unionhall.imports.models import ImportJob


def abandoned_days() -> int:
    return int(getattr(settings, "IMPORT_ABANDONED_DAYS", 7))


def discard_abandoned(*, actor: Actor, now: datetime | None = None) -> list[int]:
    """Discard every job untouched for longer than the setting; the ids of those discarded."""
    days = abandoned_days()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = ImportJob.objects.filter(status__in=services.DISCARDABLE, updated_at__lt=cutoff).select_related("org")
    done = []
    for job in stale.order_by("pk"):
        services.import_job_discard(actor=actor, job=job, reason=f"超过 {days} 天未提交，已自动丢弃，未导入。")
        done.append(job.pk)
    return done
