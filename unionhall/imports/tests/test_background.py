"""Large files are validated and committed by a background task (Django's task framework), after the
request's transaction commits; the job shows its progress, the page polls it with htmx, and what goes
wrong in the task is written on the job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.imports import pipeline, services
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.tests.support import bad_checksum, id_number, roster, upload
from unionhall.members.models import Membership
from unionhall.tests.city import City

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def background(settings: Any) -> None:
    settings.TASKS = IMMEDIATE  # Django resets its task backends when TASKS changes
    settings.IMPORT_BACKGROUND_ROWS = 3


def members(count: int) -> list[list[str]]:
    return [[f"职工{i}", id_number(f"19{70 + i // 365 % 30:02d}0101", f"{i % 1000:03d}"), "", ""] for i in range(count)]


def test_a_large_file_is_validated_in_the_background_with_progress(
    city: City,
    tmp_path: Path,
    background: None,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    seen: list[tuple[str, int]] = []
    original = pipeline._set_progress

    def spy(job: ImportJob, *, phase: str, done: int) -> None:
        seen.append((phase, done))
        original(job, phase=phase, done=done)

    monkeypatch.setattr(pipeline, "_set_progress", spy)
    rows = members(4500)
    job = upload(roster(tmp_path, rows), org=city.u1, actor=city.users["chair_u1"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.import_job_map(
            actor=city.users["chair_u1"], job=job, fields=["name", "id_number", "phone", "joined_on"]
        )
    job.refresh_from_db()
    assert (job.status, job.phase) == (JobStatus.VALIDATING, "排队等待")
    assert len(callbacks) == 1  # the task is enqueued only once the job is saved
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == JobStatus.VALIDATED
    assert (job.counts["rows"], job.done_rows, job.total_rows) == (4500, 4500, 4500)
    assert seen[0] == ("读取文件", 0)
    assert ("校验", 2000) in seen and ("校验", 4000) in seen


def test_a_large_file_is_committed_in_the_background_as_its_user(
    city: City, tmp_path: Path, background: None, django_capture_on_commit_callbacks: Any
) -> None:
    chair = city.users["chair_u1"]
    job = upload(roster(tmp_path, [*members(5), ["坏", bad_checksum(id_number()), "", ""]]), org=city.u1, actor=chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_map(actor=chair, job=job, fields=["name", "id_number", "phone", "joined_on"])
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.import_job_commit(actor=chair, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTING
    assert not Membership.objects.exists()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.outcome["added"], job.outcome["not_committed"]) == (JobStatus.COMMITTED, 5, [7])
    assert Membership.objects.filter(org=city.u1).count() == 5
    actions = list(AuditEvent.objects.filter(actor_name="chair_u1").values_list("action", "success"))
    assert ("import_job.commit", True) in actions
    assert ("roster.commit", True) in actions  # written by the task, as the user who asked


def test_the_page_polls_while_the_task_runs_and_moves_on_when_it_is_done(city: City, tmp_path: Path) -> None:
    job = upload(roster(tmp_path, members(2)), org=city.u1)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.VALIDATING, phase="校验", done_rows=1, total_rows=2)
    client = city.client("chair_u1")
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress value="1" max="2"' in page
    fragment = client.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "50%" in fragment.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.VALIDATED)
    done = client.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("imports:job", args=[job.pk])


def test_a_task_that_fails_says_so_on_the_job(
    city: City, tmp_path: Path, background: None, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(roster(tmp_path, members(5)), org=city.u1, actor=city.users["chair_u1"])
    user = city.users["chair_u1"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.import_job_map(actor=user, job=job, fields=["name", "id_number", "phone", "joined_on"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "发起导入的账号已停用，未能校验。")


def test_a_small_file_is_done_at_once(city: City, tmp_path: Path, settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    job = upload(roster(tmp_path, members(3)), org=city.u1)
    services.import_job_map(actor=city.users["chair_u1"], job=job, fields=["name", "id_number", "phone", "joined_on"])
    assert job.status == JobStatus.VALIDATED


def test_a_step_queued_for_long_says_the_worker_may_be_down(city: City, tmp_path: Path) -> None:
    from datetime import timedelta

    from django.utils import timezone

    job = upload(roster(tmp_path, members(2)), org=city.u1)
    long_ago = timezone.now() - timedelta(minutes=5)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.VALIDATING, phase="排队等待", updated_at=long_ago)
    page = city.client("chair_u1").get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "manage.py db_worker" in page
