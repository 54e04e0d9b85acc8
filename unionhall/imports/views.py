"""Pages of an import: the list of jobs, upload, column mapping, preview with per-row messages, the
progress of a background step, commit, and the error workbook. Thin: parse, call selectors/services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from unionhall.core import actions
from unionhall.core.audit import PendingEvent, record
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.excel import write_workbook
from unionhall.core.forms import apply_domain_error
from unionhall.core.paging import paginate, sort
from unionhall.imports import kinds as registry
from unionhall.imports import selectors, services
from unionhall.imports.abandoned import abandoned_days
from unionhall.imports.forms import CommitForm, MappingForm, UploadForm
from unionhall.imports.mapping import fields_of
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.pipeline import AllOrNothingRefused
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.pickers import bind_pickers


def _require_importer(request: HttpRequest) -> list[str]:
    """The kinds the user may import; 403 for a user who only reads members or employers, else 404."""
    kinds = selectors.kinds_for(request.user)
    if kinds:
        return kinds
    if selectors.may_see_imports(request.user):
        raise PermissionDenied()
    raise NotFound()


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return selectors.job_for_importer_or_404(request.user, pk)


def _offered(keys: list[str]) -> list[registry.Kind]:
    return [registry.get(key) for key in keys]


# The import list's sortable columns.
JOB_SORTS = {
    "kind": ("kind",),
    "org": ("org__path",),
    "status": ("status",),
    "rows": ("total_rows",),
    "created": ("created_at",),
}


@require_GET
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    kinds = _require_importer(request)
    jobs = selectors.job_list(request.user).prefetch_related(grants_prefetch("created_by__grants"))
    # ?status= narrows the list to what a 待办 figure on the home page counted
    status = request.GET.get("status", "")
    if status in JobStatus.values:
        jobs = jobs.filter(status=status)
    page = paginate(request, sort(request, jobs, JOB_SORTS), per_page=30)
    context = {
        "page": page,
        "kinds": _offered(kinds),
        "status": JobStatus(status).label if status in JobStatus.values else "",
    }
    return render(request, "imports/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def job_new(request: HttpRequest) -> HttpResponse:
    kinds = _require_importer(request)
    kind = request.GET.get("kind") or kinds[0]
    initial = {"kind": kind, "org": request.GET.get("org") or selectors.own_union_code(request.user, kind)}
    form = bind_pickers(
        UploadForm(request.POST or None, request.FILES or None, kinds=kinds, initial=initial), request.user
    )
    chosen = request.POST.get("kind") or kind
    form.fields["org"].cap = registry.get(chosen if chosen in kinds else kinds[0]).capability  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        kind, code, upload = form.cleaned_data["kind"], form.cleaned_data["org"], form.cleaned_data["file"]
        org = selectors.target_by_code(request.user, kind, code)
        if org is None:
            form.add_error("org", "在您的权限范围内没有这个编码的组织。")
        else:
            try:
                job = services.import_job_create(
                    actor=request.user, org=org, kind=kind, upload=upload, filename=upload.name or ""
                )
            except (ValidationError, Conflict) as error:
                apply_domain_error(form, error)
            else:
                return redirect("imports:job", pk=job.pk)
    targets = {kind: list(selectors.target_units(request.user, kind)) for kind in kinds}
    return render(request, "imports/new.html", {"form": form, "targets": targets, "kinds": _offered(kinds)})


def _mapping_context(job: ImportJob, form: MappingForm) -> dict[str, Any]:
    return {
        "job": job,
        "form": form,
        "required": [f.label for f in fields_of(job.kind) if f.required],
        "abandoned_days": abandoned_days(),
    }


@require_GET
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status == JobStatus.UPLOADED:
        form = MappingForm(job, samples=job.column_samples)
        return render(request, "imports/mapping.html", _mapping_context(job, form))
    spec = registry.get(job.kind)
    context: dict[str, Any] = {"job": job, "kind": spec, "fields": spec.field_labels()}
    # records found in another unit ("elsewhere") ask for a decision: shown as a notice
    context["kind_counts"] = [
        {"label": label, "value": job.counts.get(key, 0), "notice": key == "elsewhere"} for key, label in spec.counts
    ]
    context["discardable"] = job.status in services.DISCARDABLE
    context["abandoned_days"] = abandoned_days()
    if job.status in (JobStatus.VALIDATED, JobStatus.REFUSED):
        context["commit_form"] = CommitForm(job)
        context["columns"] = sorted(job.mapping.items(), key=lambda item: int(item[0]))
        context["column_labels"] = [job.headers[int(i)] for i, _ in context["columns"]]
    return render(request, "imports/job.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def job_map(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = MappingForm(job, request.POST or None, samples=job.column_samples)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_job_map(actor=request.user, job=job, fields=form.chosen())
        except ValidationError as error:
            for message in error.field_errors.get("mapping", []) or [error.message]:
                form.add_error(None, message)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect("imports:job", pk=job.pk)
        else:
            return redirect("imports:job", pk=job.pk)
    return render(request, "imports/mapping.html", _mapping_context(job, form))


@require_GET
@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment the page polls every second while a background step runs; when it is done the
    page is sent to the job's result."""
    job = _job(request, pk)
    if not job.running and request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(reverse("imports:job", args=[job.pk]))
    return render(request, "imports/_progress.html", {"job": job})


@require_POST
@login_required
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = CommitForm(job, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.import_job_commit(
                actor=request.user,
                job=job,
                transfer_all=data["transfer_all"],
                transfer_rows=data["transfer_rows"],
                all_or_nothing=data["all_or_nothing"],
            )
        except AllOrNothingRefused:
            pass  # the job page shows why, from the job itself
        except (ValidationError, Conflict) as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "提交的选项有误，请重新选择。")
    return redirect("imports:job", pk=job.pk)


@require_POST
@login_required
def job_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up an import that will not be committed: its uploaded file is deleted at once."""
    job = _job(request, pk)
    return actions.press(
        request,
        lambda: services.import_job_discard(actor=request.user, job=job),
        success=f"已丢弃「{job.original_name}」，上传的文件已删除。",
        to=reverse("imports:job", args=[job.pk]),
        refusals=(Conflict,),
    )


@require_GET
@login_required
def job_errors(request: HttpRequest, pk: int) -> FileResponse:
    """The rows that did not go in, as sent plus an error column. It holds full ID numbers as the user
    uploaded them, so every download is an audit event."""
    job = _job(request, pk)
    if not job.error_file:
        raise NotFound()
    event = PendingEvent(actor=request.user, action="import_job.error_file", org=job.org)
    event.target(job)
    record(event, success=True)
    name = f"{Path(job.original_name).stem}-错误行-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(job.error_file.open("rb"), as_attachment=True, filename=name)


@require_GET
@login_required
def template(request: HttpRequest, kind: str) -> FileResponse:
    """An empty workbook with the usual headers of a roster or an employer register."""
    _require_importer(request)
    if not registry.exists(kind):
        raise NotFound()
    spec = registry.get(kind)
    headers = [f.label.split("（")[0] for f in spec.fields if f.in_template]
    out = write_workbook(headers, [], sheet="导入模板")
    return FileResponse(out, as_attachment=True, filename=f"{spec.label}导入模板.xlsx")
