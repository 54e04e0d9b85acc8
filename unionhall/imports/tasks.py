"""Background tasks of large imports (Django's task framework; `manage.py db_worker` runs them).

A task acts as the user who started the step, so the scope rule and the audit trail see that person.
What goes wrong is written on the job, which the page shows; nothing is left half-done, because the
commit itself is one transaction inside the domain service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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


# What the job says when its step cannot run: the account that asked for the step is disabled, or the step
# failed unexpectedly (a refusal of the rules is its own message).
_ACCOUNT_GONE = {"validation": "发起导入的账号已停用，未能校验。", "commit": "提交导入的账号已停用，未能导入。"}
_CRASHED = {
    "validation": "校验时发生系统错误，请稍后重试或联系管理员。",
    "commit": "导入时发生系统错误，未写入任何行，请稍后重试或联系管理员。",
}


def _run(job_id: int, step: str, waits_in: str, run: Callable[..., Any], done: str) -> str:
    """Take the step as the user who asked for it (the committer's commit, the uploader's validation)."""
    job, actor = _job_and_actor(job_id, committing=step == "commit")
    if job is None or job.status != waits_in:
        return "skipped"
    if actor is None:
        pipeline.mark_failed(job, _ACCOUNT_GONE[step])
        return "failed"
    try:
        try:
            run(job, actor=actor)
        finally:
            pipeline.forget_rows(job)  # a worker lives on: the rows go now, not at its next full collection
    except pipeline.AllOrNothingRefused as refusal:  # only a commit asked for all or nothing refuses
        pipeline.mark_refused(job, refusal.message)
        return "refused"
    except DomainError as error:
        pipeline.mark_failed(job, error.message)
        return "failed"
    except Exception:
        log.exception("import job %s: %s failed", job_id, step)
        pipeline.mark_failed(job, _CRASHED[step])
        raise
    return done


@task()
def validate_job(job_id: int) -> str:
    return _run(job_id, "validation", JobStatus.VALIDATING, pipeline.run_validation, "validated")


@task()
def commit_job(job_id: int) -> str:
    return _run(job_id, "commit", JobStatus.COMMITTING, pipeline.run_commit, "committed")
