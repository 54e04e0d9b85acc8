"""Results from Excel through the imports registry: a union's file is checked row by row as the entry form
checks it — another union's row, an unknown stage or indicator, a negative value are refused at their cells —
and the good rows go in waiting for verification, under the job's one audit event."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from unionhall.competitions.models import Result, ResultStatus
from unionhall.competitions.tests.support import competition
from unionhall.core.models import AuditEvent
from unionhall.imports import services as imports
from unionhall.imports.models import JobStatus
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("成绩")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return path


def test_a_union_imports_its_results_and_bad_rows_are_refused_at_their_cells(city: City, tmp_path: Path) -> None:
    made = competition(city)
    chair = city.users["chair_u1"]
    path = _xlsx(
        tmp_path / "成绩.xlsx",
        [
            ["竞赛编号", "参赛单位", "阶段", "指标代码", "数值"],
            [made.pk, "D1-T1-U1", "上半年", "JD", 96.5],
            [made.pk, "东方机械公司工会", 2, "AQ", 0],
            [made.pk, "东一村工会", "上半年", "JD", 80],  # another union's row
            [made.pk, "D1-T1-U1", "第三季度", "ZZ", -1],
        ],
    )
    with path.open("rb") as f:
        job = imports.import_job_create(actor=chair, org=city.u1, kind="comp_res", upload=f, filename=path.name)
    fields = [job.mapping.get(str(i), "") for i in range(len(job.headers))]
    assert fields == ["competition", "participant", "stage", "indicator", "value"]
    imports.import_job_map(actor=chair, job=job, fields=fields, background=False)
    assert (job.counts["rows"], job.counts["valid"], job.counts["errors"]) == (4, 2, 2)
    errors = {r["row"]: [e for c in r["cells"] for e in c["errors"]] for r in job.sample}
    assert "不是本单位（含下级）在该竞赛的参赛单位" in errors[4][0]
    assert len(errors[5]) == 3 and "数值不能为负数。" in errors[5]
    imports.import_job_commit(actor=chair, job=job, background=False)
    assert job.status == JobStatus.COMMITTED and job.outcome["added"] == 2
    assert sorted((r.indicator.code, str(r.value)) for r in Result.objects.all()) == [
        ("AQ", "0.0000"),
        ("JD", "96.5000"),
    ]
    assert set(Result.objects.values_list("status", flat=True)) == {ResultStatus.ENTERED}
    # The rows go in inside the job's own event (one business action: the file committed).
    assert AuditEvent.objects.filter(action="import_job.commit", success=True).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="competition_result.").exists()


def test_a_union_outside_the_competition_finds_nothing_to_import_into(city: City, tmp_path: Path) -> None:
    made = competition(city)
    path = _xlsx(
        tmp_path / "x.xlsx", [["竞赛编号", "参赛单位", "阶段", "指标代码", "数值"], [made.pk, "D2-T1-U1", 1, "JD", 9]]
    )
    chair = city.users["chair_u3"]
    with path.open("rb") as f:
        job = imports.import_job_create(actor=chair, org=city.u3, kind="comp_res", upload=f, filename=path.name)
    imports.import_job_map(
        actor=chair, job=job, fields=["competition", "participant", "stage", "indicator", "value"], background=False
    )
    assert job.counts["valid"] == 0
    assert "没有这个竞赛" in job.sample[0]["cells"][0]["errors"][0]
