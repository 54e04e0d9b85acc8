"""Team costs from Excel through the imports registry (kind `team_cost`): a union's file is checked row by row
as the month's form checks it — another union's team, a month written wrong or still to come, a negative amount,
an unknown item are refused at their cells — and the good rows go in under the job's one audit event."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from unionhall.core.models import AuditEvent
from unionhall.imports import services as imports
from unionhall.imports.models import JobStatus
from unionhall.teams import periods
from unionhall.teams.models import CostActual, CostTarget
from unionhall.teams.tests.support import FOREIGN, OURS, both
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("班组成本")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return path


def test_a_union_imports_its_teams_costs_and_bad_rows_are_refused_at_their_cells(city: City, tmp_path: Path) -> None:
    made = both(city)
    last, ahead = periods.last(), periods.shift(periods.current(), 1)
    chair = city.users["chair_u1"]
    path = _xlsx(
        tmp_path / "成本.xlsx",
        [
            ["班组", "期间", "成本项目", "实际成本", "目标成本"],
            [OURS, last, "材料", 9000.5, 10000],
            [str(made.pk), last, "能耗", 0, ""],
            [FOREIGN, last, "材料", 100, ""],  # another union's team
            [OURS, "2026Q4", "伙食", -3, ""],
            [OURS, ahead, "维修", 10, ""],
        ],
    )
    with path.open("rb") as f:
        job = imports.import_job_create(actor=chair, org=city.u1, kind="team_cost", upload=f, filename=path.name)
    fields = [job.mapping.get(str(i), "") for i in range(len(job.headers))]
    assert fields == ["team", "period", "item", "actual", "target"]
    imports.import_job_map(actor=chair, job=job, fields=fields, background=False)
    assert (job.counts["rows"], job.counts["valid"], job.counts["errors"]) == (5, 2, 3)
    errors = {r["row"]: [e for c in r["cells"] for e in c["errors"]] for r in job.sample}
    assert "不是本单位（含下级）在册的班组" in errors[4][0]
    assert len(errors[5]) == 3 and any("期间应为年月" in e for e in errors[5])
    assert any("尚未到来" in e for e in errors[6])
    imports.import_job_commit(actor=chair, job=job, background=False)
    assert job.status == JobStatus.COMMITTED and job.outcome["added"] == 2
    assert dict(CostActual.objects.values_list("item", "amount_fen")) == {"materials": 9000_50, "energy": 0}
    assert dict(CostTarget.objects.values_list("item", "amount_fen")) == {"materials": 10000_00}
    assert AuditEvent.objects.filter(action="import_job.commit", success=True).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="team_cost.").exists()


def test_a_reviewer_may_not_import_team_costs(city: City, tmp_path: Path) -> None:
    both(city)
    path = _xlsx(tmp_path / "x.xlsx", [["班组", "期间", "成本项目", "实际成本"], [OURS, periods.last(), "材料", 1]])
    from unionhall.core.errors import PermissionDenied

    with path.open("rb") as f, pytest.raises(PermissionDenied):
        imports.import_job_create(
            actor=city.users["reviewer_d1"], org=city.u1, kind="team_cost", upload=f, filename=path.name
        )
