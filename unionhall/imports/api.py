"""/api/v1/imports/…: a program that started an import (or a page following one) lists the import jobs in
its reach and reads one job's status, progress and counts. Scoped like the pages: a job by its kind's
capability at its unit; who may only read members or employers is refused with 403, anyone else 404.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from unionhall.api.routes import listed
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.imports import selectors
from unionhall.imports.models import ImportJob

router = Router(tags=["导入"])


class ImportJobOut(Schema):
    id: int
    kind: str = Field(description="导入类型（members、employers 或其他已登记的类型）")
    kind_label: str = Field(alias="get_kind_display")
    org: int = Field(alias="org_id", description="导入到的组织 id")
    org_name: str = Field(alias="org.name")
    file_name: str = Field(alias="original_name")
    status: str = Field(description="uploaded/validating/validated/committing/committed/refused/failed/discarded")
    status_label: str = Field(alias="get_status_display")
    phase: str = Field(description="后台步骤的进度说明")
    percent: int = Field(description="后台步骤的进度（0–100）")
    total_rows: int
    counts: dict[str, int] = Field(description="校验结果：rows、valid、errors、warnings、duplicates 及各类型的计数")
    outcome: dict[str, int] = Field(
        description="提交结果：added、created、updated、unchanged、errors、not_committed（行数）…"
    )
    message: str
    has_error_file: bool
    created_at: str
    committed_at: str | None

    @staticmethod
    def resolve_counts(job: ImportJob) -> dict[str, int]:
        return {k: int(v) for k, v in job.counts.items() if isinstance(v, int)}

    @staticmethod
    def resolve_outcome(job: ImportJob) -> dict[str, int]:
        # the rows not committed are listed by number on the job; here only how many
        counts = {k: (len(v) if isinstance(v, list) else v) for k, v in job.outcome.items()}
        return {k: v for k, v in counts.items() if isinstance(v, int)}

    @staticmethod
    def resolve_has_error_file(job: ImportJob) -> bool:
        return bool(job.error_file)

    @staticmethod
    def resolve_created_at(job: ImportJob) -> str:
        return timezone.localtime(job.created_at).isoformat()

    @staticmethod
    def resolve_committed_at(job: ImportJob) -> str | None:
        return timezone.localtime(job.committed_at).isoformat() if job.committed_at else None


class JobFilterQuery(Schema):
    kind: str | None = Field(None, description="只列出该类型")
    status: str | None = Field(None, description="只列出该状态")


@router.get("/imports/jobs/", response=list[ImportJobOut], summary="导入任务列表")
@listed(page_size=30)
def import_job_list(request: HttpRequest, filters: Query[JobFilterQuery]) -> Any:
    if not selectors.kinds_for(request.user):
        raise PermissionDenied() if selectors.may_see_imports(request.user) else NotFound()
    jobs = selectors.job_list(request.user)
    if filters.kind:
        jobs = jobs.filter(kind=filters.kind)
    if filters.status:
        jobs = jobs.filter(status=filters.status)
    return jobs


@router.get("/imports/jobs/{job_id}", response=ImportJobOut, summary="导入任务状态")
def import_job_detail(request: HttpRequest, job_id: int) -> ImportJob:
    return selectors.job_for_importer_or_404(request.user, job_id)
