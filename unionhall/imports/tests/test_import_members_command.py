"""`manage.py import_members FILE --org CODE`: human lines, then one JSON line; exit 0 when committed or
validated, 1 when all or nothing refused, 2 for usage errors and unreadable files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from unionhall.core.models import AuditEvent
from unionhall.imports.tests.support import SYSTEM, bad_checksum, id_number, read_xlsx, roster
from unionhall.members import services as member_services
from unionhall.members.models import Membership, Person
from unionhall.tests.city import City

KEYS = ["rows", "created", "updated", "unchanged", "errors", "warnings", "error_file"]
ROWS = [
    ["张三", id_number("19900101", "011"), "13912345678", "2020-3-5"],
    ["李四", id_number("19920202", "022"), "", ""],
    ["王五", bad_checksum(id_number("19950505", "051")), "", ""],
]


def run(*args: str) -> tuple[dict[str, Any], str]:
    out = io.StringIO()
    call_command("import_members", *args, stdout=out)
    text = out.getvalue()
    return json.loads(text.strip().splitlines()[-1]), text


def run_failing(*args: str, code: int) -> tuple[dict[str, Any], str]:
    out = io.StringIO()
    if code == 2:
        with pytest.raises(CommandError) as info:
            call_command("import_members", *args, stdout=out)
        assert info.value.returncode == 2
        message = str(info.value)
    else:
        with pytest.raises(SystemExit) as exit_info:
            call_command("import_members", *args, stdout=out)
        assert exit_info.value.code == code
        message = ""
    return json.loads(out.getvalue().strip().splitlines()[-1]), message or out.getvalue()


def test_it_commits_and_ends_with_one_json_line(city: City, tmp_path: Path) -> None:
    result, text = run(str(roster(tmp_path, ROWS)), "--org", city.u1.code)
    assert list(result) == KEYS
    assert {k: result[k] for k in KEYS[:-1]} == {
        "rows": 3,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": 1,
        "warnings": 0,
    }
    assert read_xlsx(result["error_file"])[1][0] == "王五"
    assert "新增 2" in text
    assert Membership.objects.filter(org=city.u1).count() == 2
    event = AuditEvent.objects.filter(action="import_job.commit").latest("id")
    assert event.actor_name == "manage.py import_members"


def test_running_it_twice_changes_nothing_the_second_time(city: City, tmp_path: Path) -> None:
    path = str(roster(tmp_path, ROWS[:2]))
    run(path, "--org", city.u1.code)
    result, _ = run(path, "--org", city.u1.code)
    assert (result["created"], result["updated"], result["unchanged"], result["error_file"]) == (0, 0, 2, None)


def test_a_dry_run_validates_and_writes_nothing(city: City, tmp_path: Path) -> None:
    result, text = run(str(roster(tmp_path, ROWS)), "--org", city.u1.code, "--dry-run")
    assert (result["rows"], result["created"], result["errors"]) == (3, 0, 1)
    assert result["error_file"] and Path(result["error_file"]).is_file()
    assert "未写入任何数据" in text
    assert not Person.objects.exists()


def test_all_or_nothing_refuses_with_status_one_and_writes_nothing(city: City, tmp_path: Path) -> None:
    result, text = run_failing(str(roster(tmp_path, ROWS)), "--org", city.u1.code, "--all-or-nothing", code=1)
    assert (result["rows"], result["created"], result["errors"]) == (3, 0, 1)
    assert "未导入任何行" in text
    assert not Person.objects.exists()


def test_all_or_nothing_commits_a_clean_file(city: City, tmp_path: Path) -> None:
    result, _ = run(str(roster(tmp_path, ROWS[:2])), "--org", city.u1.code, "--all-or-nothing")
    assert result["created"] == 2


def test_transfer_moves_members_of_other_unions_here(city: City, tmp_path: Path) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="张三", id_number=ROWS[0][1])
    )
    path = str(roster(tmp_path, ROWS[:2]))
    result, text = run(path, "--org", city.u1.code)
    assert result["created"] == 1 and result["warnings"] == 1
    assert "其他工会会员 1" in text
    result, text = run(path, "--org", city.u1.code, "--transfer")
    assert result["created"] == 1 and "接转 1" in text
    assert Membership.objects.get(person__name="张三", status="active").org == city.u1


def test_a_mapping_can_be_given_for_unusual_headers(city: City, tmp_path: Path) -> None:
    path = str(roster(tmp_path, [r[:2] for r in ROWS[:2]], headers=["人员", "证号"]))
    run_failing(path, "--org", city.u1.code, code=2)
    result, _ = run(path, "--org", city.u1.code, "--mapping", '{"人员": "name", "证号": "id_number"}')
    assert result["created"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.xlsx", "--org", "D1-T1-U1"], "找不到文件"),
        (["{roster}", "--org", "NOPE"], "没有编码为 NOPE 的组织"),
        (["{roster}", "--org", "D1-T1"], "会员花名册须导入到基层工会或分工会"),
        (["{roster}", "--org", "D1-T1-U1", "--mapping", "[1]"], "--mapping 应为 JSON 对象"),
        (["{exe}", "--org", "D1-T1-U1"], "无法识别的文件"),
    ],
)
def test_usage_errors_and_unreadable_files_exit_with_two(
    city: City, tmp_path: Path, args: list[str], message: str
) -> None:
    exe = tmp_path / "roster.xlsx.exe.xlsx"
    exe.write_bytes(b"MZ" + b"\0" * 64)
    paths = {"roster": str(roster(tmp_path, ROWS)), "exe": str(exe)}
    result, error = run_failing(*[a.format(**paths) for a in args], code=2)
    assert message in error
    assert result == dict.fromkeys(KEYS[:-1], 0) | {"error_file": None}


def test_a_missing_argument_is_a_usage_error() -> None:
    with pytest.raises(CommandError):
        call_command("import_members", "x.xlsx")
