"""A new kind of import needs no change in the imports app: a toy kind, registered only here, goes through
upload → column mapping → preview → commit → error workbook, the job page, a background task and the
generic command, like a roster does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from unionhall.core.errors import ValidationError
from unionhall.imports import kinds, services
from unionhall.imports.kinds import CellError, Committed, Field, Kind
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.tests.support import SYSTEM, read_xlsx, upload, write_xlsx
from unionhall.imports.validation import each_row
from unionhall.orgs.access import Cap
from unionhall.tests.city import City

TOYS = "toys"


def _count(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise CellError(f"数量应为整数，现为「{text}」。")
    return int(text)


@pytest.fixture
def shelf() -> Iterator[list[tuple[int, dict[str, Any]]]]:
    """Registers the toy kind for one test; what its committer writes lands on the shelf."""
    written: list[tuple[int, dict[str, Any]]] = []

    def check(values: dict[str, Any], number: int) -> tuple[int, dict[str, Any]]:
        if values["name"] == "坏玩具":
            raise ValidationError(field_errors={"name": ["不收坏了的玩具。"]})
        return number, values

    def commit(actor: Any, job: ImportJob, result: Any, source: str) -> Committed:
        full = {number: "货架已满，本行未上架。" for number, values in result.valid if values["name"] == "大熊"}
        written.extend(row for row in result.valid if row[0] not in full)
        return Committed(outcome={"added": len(result.valid) - len(full)}, not_in=full)

    kinds.register(
        Kind(
            key=TOYS,
            label="玩具清单",
            fields=(
                Field("name", "玩具名称", ("名称", "玩具"), required=True),
                Field("count", "数量", ("数量", "件数"), normalize=_count),
            ),
            capability=Cap.MEMBER_EDIT,
            view_capability=Cap.MEMBER_VIEW,
            validate=each_row(check),
            commit=commit,
            counts=(("rows", "玩具行"),),
            added_label="上架玩具",
        )
    )
    yield written
    kinds.unregister(TOYS)


def _toys(tmp_path: Path) -> Path:
    rows = [
        ["玩具清单"],
        ["名称", "数量", "备注"],
        ["小车", 3, ""],
        ["坏玩具", 1, ""],
        ["积木", "许多", ""],
        ["大熊", 1, ""],
    ]
    return write_xlsx(tmp_path / "toys.xlsx", rows)


def test_a_kind_registered_outside_imports_runs_from_upload_to_error_workbook(
    city: City, tmp_path: Path, shelf: list[Any]
) -> None:
    job = upload(_toys(tmp_path), org=city.u1, kind=TOYS)
    assert (job.header_row, job.mapping) == (1, {"0": "name", "1": "count"})

    services.import_job_map(actor=SYSTEM, job=job, fields=["name", "count", ""], background=False)
    assert job.status == JobStatus.VALIDATED
    assert (job.counts["rows"], job.counts["valid"], job.counts["errors"]) == (4, 2, 2)
    errors = {r["row"]: [e for c in r["cells"] for e in c["errors"]] for r in job.sample}
    assert errors == {4: ["不收坏了的玩具。"], 5: ["数量应为整数，现为「许多」。"]}

    services.import_job_commit(actor=SYSTEM, job=job, background=False)
    assert job.status == JobStatus.COMMITTED
    assert [number for number, _ in shelf] == [3]
    assert job.outcome["added"] == 1 and job.outcome["not_committed"] == [4, 5, 6]
    book = read_xlsx(job.error_file.path)
    assert book[0] == ["名称", "数量", "备注", "错误"]
    assert [row[-1] for row in book[1:]] == [
        "名称：不收坏了的玩具。",
        "数量：数量应为整数，现为「许多」。",
        "货架已满，本行未上架。",
    ]


def test_a_registered_kind_is_offered_on_the_pages_and_its_preview_shows_its_counts(
    city: City, tmp_path: Path, shelf: list[Any], client: Client
) -> None:
    client.force_login(city.users["chair_u1"])
    assert "玩具清单" in client.get("/imports/new/").content.decode()
    job = upload(_toys(tmp_path), org=city.u1, kind=TOYS, actor=city.users["chair_u1"])
    services.import_job_map(actor=city.users["chair_u1"], job=job, fields=["name", "count", ""], background=False)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "玩具清单" in page and "玩具行" in page and "不收坏了的玩具。" in page
    assert client.get("/imports/template/toys.xlsx").status_code == 200


def test_an_outsider_does_not_see_a_job_of_a_registered_kind(
    city: City, tmp_path: Path, shelf: list[Any], client: Client
) -> None:
    job = upload(_toys(tmp_path), org=city.u1, kind=TOYS)
    client.force_login(city.users["outsider"])
    assert client.get(f"/imports/{job.pk}/").status_code == 404


def test_a_registered_kind_is_validated_and_committed_by_the_background_tasks(
    city: City, tmp_path: Path, shelf: list[Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    chair = city.users["chair_u1"]
    job = upload(_toys(tmp_path), org=city.u1, kind=TOYS, actor=chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_map(actor=chair, job=job, fields=["name", "count", ""], background=True)
    job.refresh_from_db()
    assert (job.status, job.counts["valid"]) == (JobStatus.VALIDATED, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_commit(actor=chair, job=job, background=True)
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTED
    assert [number for number, _ in shelf] == [3]


def test_the_generic_command_imports_a_registered_kind(city: City, tmp_path: Path, shelf: list[Any]) -> None:
    out = StringIO()
    call_command("import_file", "--kind", TOYS, str(_toys(tmp_path)), "--org", city.u1.code, stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (result["rows"], result["created"], result["errors"]) == (4, 1, 2)
    assert "玩具行 4" in out.getvalue()
    assert [number for number, _ in shelf] == [3]


def test_kinds_are_offered_in_their_order_whatever_order_the_apps_registered_them(shelf: list[Any]) -> None:
    # orgs is ready before members, yet the roster comes first: it is the upload form's default
    assert [k.key for k in kinds.all_kinds()] == ["members", "employers", "comp_res", "team_cost", TOYS]
