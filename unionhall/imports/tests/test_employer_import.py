"""The market-register import: employers created or updated by their unified social credit code, once
per code, new ones answerable to the chosen unit, existing ones changed only within the importer's
scope; one audit event per commit; the same machinery and the same command contract as rosters."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from unionhall.core.errors import NotFound
from unionhall.core.models import AuditEvent
from unionhall.imports.tests.support import imported, validated, write_xlsx
from unionhall.orgs import register_services
from unionhall.orgs.import_kind import EMPLOYERS
from unionhall.orgs.models import Division, Employer
from unionhall.orgs.register_services import EmployerRow
from unionhall.tests.city import City, uscc

HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "成立日期",
    "开业日期",
    "住所",
    "行政区划代码",
    "从业人数",
    "企业类型",
    "所属行业",
]
NEW_A = uscc("320508REGA0001")
NEW_B = uscc("320508REGB0002")


def register(tmp_path: Path, rows: list[list[object]], name: str = "register.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [HEADERS, *rows])


def rows(city: City) -> list[list[object]]:
    return [
        [
            "苏州甲科技有限公司",
            NEW_A,
            date(2023, 5, 1),
            "2023-06-01",
            "东区一路 1 号",
            "320508001",
            30,
            "有限责任公司(自然人投资或控股)",
            "I",
        ],
        [
            "苏州乙餐饮管理有限公司",
            NEW_B.lower(),
            "2022.1.5",
            "",
            "东区二路 2 号",
            "",
            "12人",
            "个人独资企业",
            "住宿和餐饮业",
        ],
        [city.e1.name, city.e1.uscc, "", "", "东区三路 3 号", "", 320, "", ""],
    ]


def test_new_employers_are_created_under_the_chosen_unit_and_existing_ones_updated(city: City, tmp_path: Path) -> None:
    Division.objects.create(code="320508001000", name="东一街道", level=Division.Level.TOWN)
    job = imported(register(tmp_path, rows(city)), org=city.t1, kind=EMPLOYERS, actor=city.users["cadre_t1"])
    assert (job.outcome["created"], job.outcome["updated"], job.outcome["unchanged"]) == (2, 1, 0)
    a = Employer.objects.get(uscc=NEW_A)
    assert (a.name, a.org, a.union, a.registered_on, a.opened_on) == (
        "苏州甲科技有限公司",
        city.t1,
        None,
        date(2023, 5, 1),
        date(2023, 6, 1),
    )
    assert (a.division_id, a.employee_count, a.ownership, a.industry) == ("320508001000", 30, "private", "I")
    b = Employer.objects.get(uscc=NEW_B)
    assert (b.employee_count, b.industry, b.registered_on) == (12, "H", date(2022, 1, 5))
    city.e1.refresh_from_db()
    assert (city.e1.address, city.e1.employee_count, city.e1.union) == ("东区三路 3 号", 320, city.u1)


def test_importing_the_register_again_changes_nothing(city: City, tmp_path: Path) -> None:
    path = register(tmp_path, rows(city))
    imported(path, org=city.t1, kind=EMPLOYERS)
    again = imported(path, org=city.t1, kind=EMPLOYERS)
    assert (again.outcome["created"], again.outcome["updated"], again.outcome["unchanged"]) == (0, 0, 3)
    assert Employer.objects.count() == 5


def test_a_code_twice_in_the_file_is_an_error_on_the_later_row(city: City, tmp_path: Path) -> None:
    twice = [rows(city)[0], ["另一个名字", f" {NEW_A} ", "", "", "", "", "", "", ""]]
    job = imported(register(tmp_path, twice), org=city.t1, kind=EMPLOYERS)
    assert (job.counts["duplicates"], job.outcome["created"], job.outcome["not_committed"]) == (1, 1, [3])
    assert Employer.objects.get(uscc=NEW_A).name == "苏州甲科技有限公司"


def test_each_rule_of_a_register_row_is_checked(city: City, tmp_path: Path) -> None:
    bad = [
        ["", NEW_A, "", "", "", "", "", "", ""],
        ["丙公司", "91320508ABCDEFGHIJ", "", "", "", "", "", "", ""],
        ["丁公司", NEW_B, "2023-5-1", "2023-4-1", "", "", "很多", "", ""],
    ]
    job = validated(register(tmp_path, bad), org=city.t1, kind=EMPLOYERS)
    messages = {r["row"]: [m for c in r["cells"] for m in c["errors"]] for r in job.sample}
    assert messages == {
        2: ["请填写单位名称。"],
        3: ["统一社会信用代码格式或校验位不正确（18 位，GB 32100）。"],
        4: ["开业日期不能早于成立日期。", "职工人数须为不小于 0 的整数。"],
    }


def test_unknown_divisions_and_types_are_warnings_that_set_nothing(city: City, tmp_path: Path) -> None:
    row = ["苏州甲科技有限公司", NEW_A, "", "", "", "999999999999", "", "神秘类型", "玄学"]
    job = imported(register(tmp_path, [row]), org=city.t1, kind=EMPLOYERS)
    assert job.outcome["created"] == 1
    [r] = job.sample
    assert r["warnings"] == [
        "经济类型「神秘类型」无法对应，未设置。",
        "行业「玄学」无法对应，未设置。",
        "区划代码 999999999999 不在区划表中，未设置所在区划。",
    ]
    a = Employer.objects.get(uscc=NEW_A)
    assert (a.division_id, a.industry) == (None, "Z")


def test_an_employer_registered_outside_the_importers_scope_is_not_touched(city: City, tmp_path: Path) -> None:
    foreign = [[city.e3.name + "（改）", city.e3.uscc, "", "", "", "", 999, "", ""]]
    job = imported(register(tmp_path, foreign), org=city.t1, kind=EMPLOYERS, actor=city.users["cadre_t1"])
    assert job.counts["errors"] == 1
    assert job.sample[0]["cells"][1]["errors"] == ["该单位已由您权限范围以外的组织登记，不能由本次导入修改。"]
    city.e3.refresh_from_db()
    assert city.e3.employee_count == 120


def test_the_bulk_service_records_one_event_and_refuses_out_of_scope_rows_itself(city: City) -> None:
    rows_in = [
        EmployerRow(row=2, uscc=NEW_A, values={"name": "甲"}),
        EmployerRow(row=3, uscc=city.e3.uscc, values={"name": "西方纺织", "employee_count": 1}),
        EmployerRow(row=4, uscc=NEW_A.lower(), values={"name": "甲二"}),
        EmployerRow(row=5, uscc="bad", values={"name": "戊"}),
    ]
    before = AuditEvent.objects.count()
    outcome = register_services.employer_register_commit(
        actor=city.users["cadre_t1"], org=city.t1, rows=rows_in, source="测试"
    )
    assert (outcome.created, outcome.updated) == (1, 0)
    assert sorted(n for n, _ in outcome.refused) == [3, 4, 5]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.changes["created"], event.changes["refused"]) == ("employer.register_commit", 1, 3)


def test_the_bulk_service_needs_employer_editing_at_the_unit(city: City) -> None:
    with pytest.raises(NotFound):
        register_services.employer_register_commit(actor=city.users["chair_u3"], org=city.t1, rows=[])


def test_the_command_follows_the_same_contract(city: City, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_employers", str(register(tmp_path, rows(city))), "--org", city.t1.code, stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result == {
        "rows": 3,
        "created": 2,
        "updated": 1,
        "unchanged": 0,
        "errors": 0,
        "warnings": 1,  # 320508001 is not in the (empty) division table
        "error_file": None,
    }
    assert AuditEvent.objects.filter(action="import_job.commit", actor_name="manage.py import_employers").exists()
