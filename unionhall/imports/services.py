"""Writes of the imports app: an import job's steps (upload, column mapping, commit, discard), for every
registered kind (kinds.py). Each is one audited business action; the domain writes go through the
kind's committer (members.services.roster_commit for a roster, orgs.register_services for employers).

Files with more rows than IMPORT_BACKGROUND_ROWS are validated and committed by a background task
(imports.tasks), which the page follows with a progress bar; smaller ones are done at once.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, DomainError, ValidationError
from unionhall.core.normalize import compact
from unionhall.core.pii import mask_id_number, mask_phone
from unionhall.imports import kinds, pipeline, reading
from unionhall.imports import mapping as maps
from unionhall.imports.models import QUEUED, ImportJob, JobStatus
from unionhall.imports.validation import cell_text
from unionhall.orgs import access
from unionhall.orgs.models import OrgStatus, OrgUnit


def background_rows() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", 5000))


def _check_target(kind: kinds.Kind, org: OrgUnit) -> None:
    if org.status != OrgStatus.ACTIVE:
        raise ValidationError(field_errors={"org": ["该组织已合并或撤销。"]})
    if kind.target_levels is not None and org.level not in kind.target_levels:
        raise ValidationError(field_errors={"org": [kind.target_refusal or f"{kind.label}不能导入到该组织。"]})


def import_job_create(*, actor: Actor, org: OrgUnit, kind: str, upload: IO[bytes], filename: str) -> ImportJob:
    """Keep the uploaded file, refuse it at once if it is hostile or unreadable, find its header row and
    propose a column mapping (the one this union confirmed for the same headers, else synonyms)."""
    with audited(actor=actor, action="import_job.create", org=org) as event:
        if not kinds.exists(kind):
            raise ValidationError(field_errors={"kind": ["请选择导入类型。"]})
        spec = kinds.get(kind)
        access.require(actor, spec.capability, org)
        _check_target(spec, org)
        size = getattr(upload, "size", None)
        if size is not None and size > reading.limit("IMPORT_MAX_UPLOAD_BYTES"):
            raise reading.HostileFile(
                f"文件过大（{size / 1048576:.1f} MB），上限为 "
                f"{reading.limit('IMPORT_MAX_UPLOAD_BYTES') // 1048576} MB：请拆分后分批导入。"
            )
        suffix = (
            Path(filename).suffix.lower()[:8] if Path(filename).suffix.lower() in (".xlsx", ".xlsm", ".csv") else ""
        )
        name = default_storage.save(f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}", File(upload))
        try:
            inspection = reading.inspect(default_storage.path(name), filename=filename)
            job = ImportJob(
                org=org,
                kind=kind,
                file=name,
                original_name=Path(filename).name[:255] or "upload",
                size=inspection.size,
                fmt=inspection.fmt,
                created_by=user_of(actor),
            )
            rows = pipeline.load_rows(job)
        except DomainError:
            default_storage.delete(name)
            raise
        job.header_row = maps.find_header_row(rows, kind)
        headers = [cell_text(c).strip() for c in rows[job.header_row]] if rows else []
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            default_storage.delete(name)
            raise reading.UnreadableFile("第一个工作表是空的。")
        job.headers = headers
        job.column_samples = column_samples(rows, job.header_row, len(headers))
        job.mapping = {str(i): key for i, key in enumerate(maps.suggest(headers, kind, org)) if key}
        job.total_rows = max(len(rows) - job.header_row - 1, 0)
        job.save()
        event.target(job)
        event.changes = {"file": job.original_name, "kind": kind, "size": job.size, "rows": job.total_rows}
    return job


_ID_LIKE = re.compile(r"^\d{14,17}[\dXx]$")
_MOBILE = re.compile(r"^1\d{10}$")


def column_samples(rows: Sequence[Sequence[Any]], header_row: int, width: int, *, take: int = 3) -> list[list[str]]:
    """The first few non-empty values of each column below the header; ID and phone numbers masked."""
    samples: list[list[str]] = [[] for _ in range(width)]
    for row in rows[header_row + 1 : header_row + 200]:
        for index in range(min(width, len(row))):
            if len(samples[index]) < take:
                text = compact(cell_text(row[index]))
                if _ID_LIKE.match(text):
                    text = mask_id_number(text.upper())
                elif _MOBILE.match(text):
                    text = mask_phone(text)
                if text:
                    samples[index].append(text[:40])
    return samples


def _require_job(actor: Actor, job: ImportJob, *statuses: str) -> None:
    access.require(actor, kinds.get(job.kind).capability, job.org, obj=job)
    if statuses and job.status not in statuses:
        raise Conflict(f"导入任务当前为「{job.get_status_display()}」，不能执行此操作。")


def import_job_map(*, actor: Actor, job: ImportJob, fields: Sequence[str], background: bool | None = None) -> ImportJob:
    """Confirm which column holds which field (remembered for this union), then validate every row —
    at once, or in a background task for a large file."""
    with audited(actor=actor, action="import_job.map", org=job.org, obj=job) as event:
        _require_job(actor, job, JobStatus.UPLOADED, JobStatus.VALIDATED, JobStatus.REFUSED, JobStatus.FAILED)
        fields = [f or "" for f in fields][: len(job.headers)]
        fields += [""] * (len(job.headers) - len(fields))
        errors = maps.check_mapping(fields, job.kind)
        if errors:
            raise ValidationError(field_errors=errors)
        maps.remember(job.org, job.kind, job.headers, fields)
        job.mapping = {str(i): key for i, key in enumerate(fields) if key}
        job.message = ""
        event.changes = {"mapping": {job.headers[int(i)]: key for i, key in job.mapping.items()}}
        if _queued(job, background, JobStatus.VALIDATING, "validate_job"):
            event.changes["background"] = True
        else:
            pipeline.run_validation(job, actor=actor)
            event.changes["counts"] = job.counts
    return job


def import_job_commit(
    *,
    actor: Actor,
    job: ImportJob,
    transfer_all: bool = False,
    transfer_rows: Iterable[int] = (),
    all_or_nothing: bool = False,
    background: bool | None = None,
) -> ImportJob:
    """Commit the valid rows (members elsewhere only when asked to transfer them); the rows that did not
    go in come back as the error workbook. All or nothing refuses unless every row would go in."""
    try:
        with audited(actor=actor, action="import_job.commit", org=job.org, obj=job) as event:
            _require_job(actor, job, JobStatus.VALIDATED, JobStatus.REFUSED)
            job.transfer_all = bool(transfer_all)
            job.transfer_rows = sorted({int(r) for r in transfer_rows})
            job.all_or_nothing = bool(all_or_nothing)
            job.committed_by = user_of(actor)
            event.changes = {"transfer_all": job.transfer_all, "all_or_nothing": job.all_or_nothing}
            if job.all_or_nothing:
                pipeline.refuse_if_incomplete(job, errors=job.counts.get("errors", 0), elsewhere=pipeline.left_out(job))
            if _queued(job, background, JobStatus.COMMITTING, "commit_job"):
                event.changes["background"] = True
            else:
                job.status = JobStatus.COMMITTING
                event.changes.update(pipeline.run_commit(job, actor=actor))
                event.changes.pop("not_committed", None)
    except pipeline.AllOrNothingRefused as refusal:
        pipeline.mark_refused(job, refusal.message)
        raise
    return job


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _queued(job: ImportJob, background: bool | None, status: str, task: str) -> bool:
    """Hand the step to a background task when asked to, or by default when the file is large: the job waits
    in `status`, queued, and the task starts once this transaction commits. False: the caller does it now."""
    if not (background if background is not None else job.total_rows > background_rows()):
        return False
    job.status, job.phase, job.done_rows = status, QUEUED, 0
    job.save()
    _enqueue(task, job.pk)
    return True


def _enqueue(name: str, job_id: int) -> None:
    """After the job's transaction commits, so the worker finds the job as it was saved."""
    from unionhall.imports import tasks

    task = getattr(tasks, name)
    transaction.on_commit(lambda: task.enqueue(job_id))


# Waiting for columns or for commit, refused or failed: a job someone may still come back to. A job
# being worked on by a task, committed or already discarded is not.
DISCARDABLE = (JobStatus.UPLOADED, JobStatus.VALIDATED, JobStatus.REFUSED, JobStatus.FAILED)


def import_job_discard(*, actor: Actor, job: ImportJob, reason: str = "") -> ImportJob:
    """Give up an import that will not be committed: the uploaded file and its error workbook, which hold
    the ID numbers as sent, are deleted at once; the job stays listed as 已丢弃 for the record."""
    with audited(actor=actor, action="import_job.discard", org=job.org, obj=job) as event:
        _require_job(actor, job, *DISCARDABLE)
        names = [f.name for f in (job.file, job.error_file) if f and f.name]
        job.file, job.error_file = "", ""
        job.status, job.phase = JobStatus.DISCARDED, ""
        job.message = (reason or f"已由 {user_of(actor) or actor} 丢弃，未导入。")[:500]
        job.save()
        # the files go once the discard has committed: a rolled-back discard keeps them
        transaction.on_commit(partial(_delete_files, names))
        event.changes = {"file": job.original_name, "reason": job.message}
    return job
