"""Writes of the imports app: an import job's steps (upload, column mapping, commit) and the bulk commit
of an employer register. Each is one audited business action; the domain writes of a member roster
go through members.services.roster_commit.

Files with more rows than IMPORT_BACKGROUND_ROWS are validated and committed by a background task
(imports.tasks), which the page follows with a progress bar; smaller ones are done at once.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from unionhall.core.actors import user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, DomainError, ValidationError
from unionhall.core.normalize import compact
from unionhall.core.pii import mask_id_number, mask_phone
from unionhall.imports import mapping as maps
from unionhall.imports import pipeline, reading
from unionhall.imports.models import QUEUED, ImportJob, ImportKind, JobStatus
from unionhall.imports.selectors import EDIT_CAP
from unionhall.imports.validation import EmployerRow, cell_text
from unionhall.members.lifecycle import MEMBER_LEVELS
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.orgs.services import validate_uscc


def background_rows() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", 5000))


def _check_target(kind: str, org: OrgUnit) -> None:
    if org.status != OrgStatus.ACTIVE:
        raise ValidationError(field_errors={"org": ["该组织已合并或撤销。"]})
    if kind == ImportKind.MEMBERS and org.level not in MEMBER_LEVELS:
        raise ValidationError(field_errors={"org": ["会员花名册须导入到基层工会或分工会。"]})


def import_job_create(*, actor: Any, org: OrgUnit, kind: str, upload: IO[bytes], filename: str) -> ImportJob:
    """Keep the uploaded file, refuse it at once if it is hostile or unreadable, find its header row and
    propose a column mapping (the one this union confirmed for the same headers, else synonyms)."""
    with audited(actor=actor, action="import_job.create", org=org) as event:
        if kind not in ImportKind.values:
            raise ValidationError(field_errors={"kind": ["请选择导入类型。"]})
        access.require(actor, EDIT_CAP[kind], org)
        _check_target(kind, org)
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


def _require_job(actor: Any, job: ImportJob, *statuses: str) -> None:
    access.require(actor, EDIT_CAP[job.kind], job.org, obj=job)
    if statuses and job.status not in statuses:
        raise Conflict(f"导入任务当前为「{job.get_status_display()}」，不能执行此操作。")


def import_job_map(*, actor: Any, job: ImportJob, fields: Sequence[str], background: bool | None = None) -> ImportJob:
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
        if background if background is not None else job.total_rows > background_rows():
            job.status, job.phase, job.done_rows = JobStatus.VALIDATING, QUEUED, 0
            job.save()
            _enqueue("validate_job", job.pk)
            event.changes["background"] = True
        else:
            pipeline.run_validation(job, actor=actor)
            event.changes["counts"] = job.counts
    return job


def import_job_commit(
    *,
    actor: Any,
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
                pipeline.refuse_if_incomplete(job, errors=job.counts.get("errors", 0), elsewhere=_staying(job))
            if background if background is not None else job.total_rows > background_rows():
                job.status, job.phase, job.done_rows = JobStatus.COMMITTING, QUEUED, 0
                job.save()
                _enqueue("commit_job", job.pk)
                event.changes["background"] = True
            else:
                job.status = JobStatus.COMMITTING
                event.changes.update(pipeline.run_commit(job, actor=actor))
                event.changes.pop("not_committed", None)
    except pipeline.AllOrNothingRefused as refusal:
        pipeline.mark_refused(job, refusal.message)
        raise
    return job


def _staying(job: ImportJob) -> int:
    """Members of other unions the commit would leave out (not asked to be transferred)."""
    if job.kind != ImportKind.MEMBERS or job.transfer_all:
        return 0
    chosen = set(job.transfer_rows)
    return int(job.counts.get("elsewhere", 0)) - sum(1 for e in job.elsewhere if e["row"] in chosen)


def _enqueue(name: str, job_id: int) -> None:
    """After the job's transaction commits, so the worker finds the job as it was saved."""
    from unionhall.imports import tasks

    task = getattr(tasks, name)
    transaction.on_commit(lambda: task.enqueue(job_id))


# --- employer register ----------------------------------------------------------------------------

EMPLOYER_IMPORT_FIELDS = (
    "name",
    "registered_on",
    "opened_on",
    "address",
    "division",
    "employee_count",
    "ownership",
    "industry",
)


@dataclass
class EmployerOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # rows not committed: (row number, Chinese reason)
    refused: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
        }


def employer_register_commit(
    *, actor: Any, org: OrgUnit, rows: Sequence[EmployerRow], source: str = ""
) -> EmployerOutcome:
    """Create or update employers from a market-register file in bulk, matched by credit code, as one
    audited action. New employers are answerable to `org` (their territory's unit); an existing one is
    updated only where the actor may edit it. Values the file leaves out (None) are kept as they are."""
    with audited(actor=actor, action="employer.register_commit", org=org) as event:
        access.require(actor, Cap.EMPLOYER_EDIT, org)
        if org.status != OrgStatus.ACTIVE:
            raise ValidationError(field_errors={"org": ["该组织已合并或撤销。"]})
        outcome = EmployerOutcome()
        reach = access.reach(actor, Cap.EMPLOYER_EDIT)
        clean: list[EmployerRow] = []
        seen: set[str] = set()
        for row in rows:
            try:
                code = validate_uscc(row.uscc)
            except ValidationError:
                outcome.refused.append((row.row, "统一社会信用代码格式或校验位不正确（18 位，GB 32100）。"))
                continue
            if code in seen:
                outcome.refused.append((row.row, "与前面的行统一社会信用代码重复，本行不导入。"))
                continue
            seen.add(code)
            clean.append(EmployerRow(row=row.row, uscc=code, values=row.values))
        existing: dict[str, Employer] = {}
        codes = [row.uscc for row in clean]
        for start in range(0, len(codes), 2000):
            existing.update(
                (e.uscc, e)
                for e in Employer.objects.filter(uscc__in=codes[start : start + 2000]).select_related("org", "union")
            )
        now = timezone.now()
        new: list[Employer] = []
        changed: list[Employer] = []
        changed_fields: set[str] = set()
        for row in clean:
            values = {k: v for k, v in row.values.items() if k in EMPLOYER_IMPORT_FIELDS and v is not None}
            if "division" in values:
                values["division_id"] = values.pop("division")
            employer = existing.get(row.uscc)
            if employer is None:
                if not values.get("name"):
                    outcome.refused.append((row.row, "请填写单位名称。"))
                    continue
                if not _dates_in_order(values.get("registered_on"), values.get("opened_on")):
                    outcome.refused.append((row.row, "开业日期不能早于成立日期。"))
                    continue
                new.append(Employer(org=org, uscc=row.uscc, **values))
                continue
            units = [u for u in (employer.org, employer.union) if u is not None]
            if not any(reach.covers(u.path) for u in units):
                outcome.refused.append((row.row, "该单位已由您权限范围以外的组织登记，不能由本次导入修改。"))
                continue
            diff = {k: v for k, v in values.items() if getattr(employer, k) != v}
            registered = diff.get("registered_on", employer.registered_on)
            opened = diff.get("opened_on", employer.opened_on)
            if not _dates_in_order(registered, opened):
                outcome.refused.append((row.row, "开业日期不能早于成立日期。"))
                continue
            if not diff:
                outcome.unchanged += 1
                continue
            for name, value in diff.items():
                setattr(employer, name, value)
            employer.updated_at = now
            changed.append(employer)
            changed_fields.update(diff)
        Employer.objects.bulk_create(new, batch_size=1000)
        if changed:
            Employer.objects.bulk_update(changed, sorted(changed_fields | {"updated_at"}), batch_size=1000)
        outcome.created, outcome.updated = len(new), len(changed)
        event.changes = {"source": source, "rows": len(rows), **outcome.as_dict()}
    return outcome


def _dates_in_order(registered: Any, opened: Any) -> bool:
    return not (registered and opened and opened < registered)
