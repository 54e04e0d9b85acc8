"""The steps of an import job — read, validate, commit — shared by the pages, the background tasks and
the commands, for every registered kind (kinds.py). The domain writes happen in the kind's committer
(members.services.roster_commit, orgs.register_services.employer_register_commit…); here only the job's
own bookkeeping is saved.

Rows read and validated in one process stay on the job instance, so a command reads and checks its
file once; a page that commits later reads and checks the file again (the database may have moved).
"""

from __future__ import annotations

import gc
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.errors import Conflict
from unionhall.imports import kinds, reading
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.validation import Validation, validate
from unionhall.imports.workbook import write_error_workbook

log = logging.getLogger(__name__)
ELSEWHERE_KEPT = 1000  # members of other unions listed on the preview, one checkbox each


class AllOrNothingRefused(Conflict):
    """Asked for all or nothing, and not every row would go in: nothing was written."""

    code = "all_or_nothing_refused"


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Bulk steps build hundreds of thousands of objects and no cycles; CPython's cyclic collector would
    rescan them all again and again (a third of a 100k-row validation). Reference counting still frees
    everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class _Cache:
    name: str
    rows: list[list[Any]] | None
    validation: Validation | None = None
    mapping: dict[str, str] | None = None
    kept: dict[int, list[Any]] | None = None  # some rows by number, once the others were let go


def _cache(job: ImportJob) -> _Cache | None:
    cache: _Cache | None = getattr(job, "_import_cache", None)
    return cache if cache is not None and cache.name == job.file.name else None


def load_rows(job: ImportJob) -> list[list[Any]]:
    cache = _cache(job)
    if cache is None:
        cache = _Cache(name=job.file.name or "", rows=None)
        job._import_cache = cache  # type: ignore[attr-defined]
    if cache.rows is None:
        cache.rows = reading.read_rows(job.file.path, job.fmt)
    return cache.rows


class _Rows(dict[int, list[Any]]):
    """Rows by Excel number for the error workbook: those kept in memory, else the file read again."""

    def __init__(self, job: ImportJob, wanted: list[int]):
        cache = _cache(job)
        kept = cache.kept if cache is not None and cache.rows is None and cache.kept is not None else None
        if kept is None or any(n not in kept for n in wanted):
            rows = load_rows(job)
            kept = {n: rows[n - 1] for n in [job.header_row + 1, *wanted] if 0 < n <= len(rows)}
        super().__init__(kept)


def _let_rows_go(job: ImportJob, keep: set[int]) -> None:
    """Before the write, the bulk of the cells is no longer needed: keep the header and the rows that may
    come back in the error workbook, so the commit's peak memory holds one copy of the roster."""
    cache = _cache(job)
    if cache is None or cache.rows is None:
        return
    rows = cache.rows
    cache.kept = {n: rows[n - 1] for n in {job.header_row + 1, *keep} if 0 < n <= len(rows)}
    cache.rows = None


def _set_progress(job: ImportJob, *, phase: str, done: int) -> None:
    """Written at once (outside any transaction in a task) so the page polling the job sees it move."""
    job.phase, job.done_rows = phase, done
    ImportJob.objects.filter(pk=job.pk).update(phase=phase, done_rows=done, updated_at=timezone.now())


def check(job: ImportJob, *, actor: Actor, phase: str = "校验") -> Validation:
    """Validate the job's rows with its mapping (reusing this process's result when there is one)."""
    cache = _cache(job)
    if cache is not None and cache.validation is not None and cache.mapping == job.mapping:
        return cache.validation
    _set_progress(job, phase="读取文件", done=0)
    rows = load_rows(job)
    step = max(2000, job.total_rows // 50)
    last = [0]

    def progress(done: int) -> None:
        if done - last[0] >= step:
            last[0] = done
            _set_progress(job, phase=phase, done=done)

    with no_cyclic_gc():
        result = validate(
            rows,
            kind=job.kind,
            header_row=job.header_row,
            mapping=job.mapping,
            org=job.org,
            actor=actor,
            progress=progress,
        )
    cache = _cache(job)
    if cache is not None:
        cache.validation, cache.mapping = result, dict(job.mapping)
    return result


def _save_error_file(job: ImportJob, messages: list[tuple[int, str]]) -> None:
    if job.error_file:
        job.error_file.delete(save=False)
    if not messages:
        job.error_file = ""
        return
    out = write_error_workbook(_Rows(job, [n for n, _ in messages]), job.header_row, messages)
    with out:
        job.error_file.save(f"{uuid.uuid4().hex}-errors.xlsx", File(out), save=False)


def run_validation(job: ImportJob, *, actor: Actor) -> Validation:
    """Validate and keep what the preview shows: counts, a sample, members elsewhere, the error file."""
    result = check(job, actor=actor)
    job.counts = result.summary()
    job.sample = result.sample
    job.elsewhere = result.elsewhere_rows[:ELSEWHERE_KEPT]
    job.total_rows = result.rows
    _save_error_file(job, [(n, result.messages(n)) for n in result.error_rows])
    job.status = JobStatus.VALIDATED
    job.phase, job.done_rows = "", result.rows
    job.save()
    return result


def run_commit(job: ImportJob, *, actor: Actor) -> dict[str, Any]:
    """Commit the valid rows through the kind's committer; the job records which rows did not go in."""
    result = check(job, actor=actor, phase="复核")
    if job.all_or_nothing:
        refuse_unless_complete(job, result)
    _set_progress(job, phase="写入数据库", done=result.rows)
    _let_rows_go(job, {*result.error_rows, *(e["row"] for e in result.elsewhere_rows)})
    try:
        # The rows and the job's record of them are saved together, or neither is.
        with no_cyclic_gc(), transaction.atomic():
            return _write(job, result, actor=actor)
    finally:
        forget_rows(job)


def forget_rows(job: ImportJob) -> None:
    """Once committed (or failed), the rows and their validation are of no more use in this process. The job
    sits in a reference cycle (with its related objects), so what it holds would otherwise wait for the
    cyclic collector: 660,000 objects for 100,000 rows, found at the command's exit in 0.9 s of CPU, or held
    by a worker until its next full collection. Let go here, they are freed at once by reference counting."""
    job._import_cache = None  # type: ignore[attr-defined]


def _write(job: ImportJob, result: Validation, *, actor: Actor) -> dict[str, Any]:
    source = f"导入#{job.pk} {job.original_name}"[:200]
    committed = kinds.get(job.kind).commit(actor, job, result, source)
    outcome = dict(committed.outcome)
    outcome.setdefault("added", 0)
    messages = [(n, result.messages(n)) for n in result.error_rows]
    messages += list(committed.not_in.items())
    messages.sort()
    outcome["errors"] = len(result.error_rows)
    outcome["not_committed"] = [n for n, _ in messages]
    _save_error_file(job, messages)
    job.outcome = outcome
    job.counts = result.summary()
    job.status = JobStatus.COMMITTED
    job.phase = ""
    job.committed_at = timezone.now()
    job.save()
    return outcome


def refuse_unless_complete(job: ImportJob, result: Validation) -> None:
    """All or nothing: any row with an error, or a row the kind would leave out (a member elsewhere not
    moved here), refuses the lot."""
    refuse_if_incomplete(job, errors=len(result.error_rows), elsewhere=left_out(job, result))


def left_out(job: ImportJob, result: Validation | None = None) -> int:
    """Valid rows the kind's commit would still leave out; from the preview when `result` is None."""
    count = kinds.get(job.kind).left_out
    return count(job, result) if count is not None else 0


def refuse_if_incomplete(job: ImportJob, *, errors: int, elsewhere: int) -> None:
    if errors or elsewhere:
        reasons = []
        if errors:
            reasons.append(f"{errors} 行有错误")
        if elsewhere:
            reasons.append(f"{elsewhere} 行是其他工会的会员且未选择接转")
        raise AllOrNothingRefused(f"已选择整体导入，但{'，'.join(reasons)}：未导入任何行。")


def mark_refused(job: ImportJob, message: str) -> None:
    """After the refusing transaction rolled back: the job says it was refused, and why."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.REFUSED, message=message[:500], phase="", updated_at=timezone.now()
    )
    job.status, job.message, job.phase = JobStatus.REFUSED, message[:500], ""


def mark_failed(job: ImportJob, message: str) -> None:
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=message[:500], phase="", updated_at=timezone.now()
        )
    job.status, job.message, job.phase = JobStatus.FAILED, message[:500], ""
