"""An import nobody will commit can be discarded — by the importer with a button that asks first, or
automatically once it has waited longer than IMPORT_ABANDONED_DAYS — and its uploaded file, which holds
the ID numbers as sent, goes with it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from unionhall.core.errors import Conflict, PermissionDenied
from unionhall.core.models import AuditEvent
from unionhall.imports import services
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.tests.support import bad_checksum, id_number, imported, roster, validated
from unionhall.members.models import Person
from unionhall.tests.city import City

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROWS = [["张三", id_number(), "", ""], ["李四", bad_checksum(id_number("19920202", "022")), "", ""]]


def test_a_job_waiting_to_commit_is_discarded_with_its_files(city: City, tmp_path: Path, media_root: Path) -> None:
    job = validated(roster(tmp_path, ROWS), org=city.u1, actor=city.users["chair_u1"])
    upload, errors = Path(job.file.path), Path(job.error_file.path)
    assert upload.exists() and errors.exists()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
        services.import_job_discard(actor=city.users["chair_u1"], job=job)
    job.refresh_from_db()
    assert (job.status, job.file.name, job.error_file.name) == (JobStatus.DISCARDED, "", "")
    assert not upload.exists() and not errors.exists()
    assert AuditEvent.objects.filter(action="import_job.discard", success=True).count() == 1
    with pytest.raises(Conflict):
        services.import_job_commit(actor=city.users["chair_u1"], job=job, background=False)
    assert not Person.objects.exists()


def test_a_committed_job_cannot_be_discarded_and_a_reader_may_not_discard(city: City, tmp_path: Path) -> None:
    done = imported(roster(tmp_path, ROWS[:1]), org=city.u1)
    with pytest.raises(Conflict):
        services.import_job_discard(actor=city.users["chair_u1"], job=done)
    waiting = validated(roster(tmp_path, ROWS, name="again.xlsx"), org=city.u1)
    with pytest.raises(PermissionDenied):
        services.import_job_discard(actor=city.users["reviewer_d1"], job=waiting)
    assert ImportJob.objects.get(pk=waiting.pk).status == JobStatus.VALIDATED


def test_the_discard_button_asks_first_and_the_page_then_says_discarded(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, ROWS), org=city.u1, actor=city.users["chair_u1"])
    client = city.client("chair_u1")
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    url = reverse("imports:discard", args=[job.pk])
    assert f'action="{url}"' in page and "data-confirm=" in page and "丢弃" in page
    response = client.post(url, follow=True)
    text = response.content.decode()
    assert "已丢弃" in text and reverse("imports:commit", args=[job.pk]) not in text
    assert city.client("outsider").post(url).status_code == 404


def test_jobs_left_waiting_longer_than_the_setting_are_discarded_by_the_command(
    city: City, tmp_path: Path, settings: Any
) -> None:
    settings.IMPORT_ABANDONED_DAYS = 7
    with time_machine.travel(T0, tick=False) as traveller:
        old = validated(roster(tmp_path, ROWS), org=city.u1)
        traveller.shift(timedelta(days=3))
        recent = validated(roster(tmp_path, ROWS, name="recent.xlsx"), org=city.u1)
        committed = imported(roster(tmp_path, ROWS[:1], name="done.xlsx"), org=city.u1)
        traveller.shift(timedelta(days=4, hours=1))  # old: 7 days 1 hour; recent: 4 days 1 hour
        out = StringIO()
        call_command("discard_abandoned_imports", stdout=out)
    assert json.loads(out.getvalue()) == {"days": 7, "discarded": [old.pk]}
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: JobStatus.DISCARDED,
        recent.pk: JobStatus.VALIDATED,
        committed.pk: JobStatus.COMMITTED,
    }
    assert "超过 7 天未提交" in ImportJob.objects.get(pk=old.pk).message
    assert AuditEvent.objects.get(action="import_job.discard").actor_name == "manage.py discard_abandoned_imports"
