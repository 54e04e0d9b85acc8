"""Background tasks of large imports (Django's task framework; `manage.py db_worker` runs them).

A task acts as the user who started the step, so the scope rule and the audit trail see that person.
What goes wrong is written on the job, which the page shows; nothing is left half-done, because the
commit itself is one transaction inside the domain service.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.tasks import task

from unionhall.core.errors import DomainError
from unionhall.imports import pipeline
from unionhall.imports.models import ImportJob, JobStatus

log = logging.getLogger(__name__)


def _job_and_actor(job_id: int, *, committing: bool) -> tuple[ImportJob | None, Any]:
    job = ImportJob.objects.select_related("org", "created_by", "committed_by").filter(pk=job_id).first()
    if job is None:
        return None, None
    user_id = job.committed_by_id if committing else job.created_by_id
    actor = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    return job, actor


@task()
def validate_job(job_id: int) -> str:
    job, actor = _job_and_actor(job_id, committing=False)
    if job is None or job.status != JobStatus.VALIDATING:
        return "skipped"
    if actor is None:
        pipeline.mark_failed(job, "发起导入的账号已停用，未能校验。")
        return "failed"
    try:
        pipeline.run_validation(job, actor=actor)
    except DomainError as error:
        pipeline.mark_failed(job, error.message)
        return "failed"
    except Exception:
        log.exception("import job %s: validation failed", job_id)
        pipeline.mark_failed(job, "校验时发生系统错误，请稍后重试或联系管理员。")
        raise
    return "validated"


@task()
def commit_job(job_id: int) -> str:
    job, actor = _job_and_actor(job_id, committing=True)
    if job is None or job.status != JobStatus.COMMITTING:
        return "skipped"
    if actor is None:
        pipeline.mark_failed(job, "提交导入的账号已停用，未能导入。")
        return "failed"
    try:
        pipeline.run_commit(job, actor=actor)
    except pipeline.AllOrNothingRefused as refusal:
        pipeline.mark_refused(job, refusal.message)
        return "refused"
    except DomainError as error:
        pipeline.mark_failed(job, error.message)
        return "failed"
    except Exception:
        log.exception("import job %s: commit failed", job_id)
        pipeline.mark_failed(job, "导入时发生系统错误，未写入任何行，请稍后重试或联系管理员。")
        raise
    return "committed"
