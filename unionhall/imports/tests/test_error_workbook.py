"""The error workbook holds the rows that did not go in: the file's own header and cells as read, and a
last column 「错误」 with every message of the row joined by "；". No cell becomes a formula, and once
corrected the workbook imports as it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.core.normalize import PHONE_MESSAGE
from unionhall.imports.tests.support import (
    SYSTEM,
    bad_checksum,
    id_number,
    imported,
    read_xlsx,
    roster,
    validated,
    write_xlsx,
)
from unionhall.members import services as member_services
from unionhall.members.models import Membership
from unionhall.tests.city import City

ZHANG = id_number("19900101", "011")
LI = id_number("19920202", "022")
HEADERS = ["序号", "姓名", "身份证号码", "手机号码", "入会日期", "备注"]


def test_it_has_the_original_columns_and_cells_plus_an_error_column(city: City, tmp_path: Path) -> None:
    rows = [
        [1, "张三", ZHANG, 13912345678, date(2020, 3, 5), "车间主任"],
        [2, "李四", bad_checksum(LI), 13912345679, "2020.3.5", '=HYPERLINK("http://x")'],
        [3, "", "12345", "电话", 44000, ""],
    ]
    job = validated(write_xlsx(tmp_path / "r.xlsx", [["东方机械公司会员花名册"], HEADERS, *rows]), org=city.u1)
    book = read_xlsx(job.error_file.path)
    assert book[0] == [*HEADERS, "错误"]
    assert len(book) == 3  # the header and the two invalid rows only
    li, third = book[1], book[2]
    assert li[:5] == [2.0, "李四", bad_checksum(LI), 13912345679.0, "2020.3.5"]
    assert li[5] == '\'=HYPERLINK("http://x")'  # written as text, never as a formula
    assert li[6] == "身份证号码：身份证号校验位不正确，请核对。"
    assert third[:5] == [3.0, "", "12345", "电话", 44000.0]
    assert third[6].split("；") == [
        "姓名：请填写姓名。",
        "身份证号码：身份证号应为 18 位，现为 5 位。",
        f"手机号码：电话号码「电话」不正确：{PHONE_MESSAGE}",
    ]


def test_a_date_cell_comes_back_as_a_date(city: City, tmp_path: Path) -> None:
    rows = [["李四", bad_checksum(LI), "", date(2020, 3, 5)]]
    job = validated(roster(tmp_path, rows), org=city.u1)
    assert read_xlsx(job.error_file.path)[1][3] == date(2020, 3, 5)


def test_a_file_without_errors_has_no_error_workbook(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", ZHANG, "", ""]]), org=city.u1)
    assert not job.error_file


def test_after_commit_it_also_lists_members_of_other_unions_left_out(city: City, tmp_path: Path) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="张三", id_number=ZHANG)
    )
    rows = [["张三", ZHANG, "", ""], ["李四", bad_checksum(LI), "", ""], ["王五", id_number("19950505", "051"), "", ""]]
    job = imported(roster(tmp_path, rows), org=city.u1)
    book = read_xlsx(job.error_file.path)
    assert [r[0] for r in book[1:]] == ["张三", "李四"]
    assert book[1][4] == "已是「西方纺织公司工会」的会员，未导入；如需接转，请勾选「接转到本工会」后重新导入。"


def test_the_corrected_workbook_imports_as_it_is(city: City, tmp_path: Path) -> None:
    rows = [["张三", ZHANG, "", ""], ["李四", bad_checksum(LI), "13912345679", ""]]
    job = imported(roster(tmp_path, rows), org=city.u1)
    book = read_xlsx(job.error_file.path)
    book[1][1] = LI  # the cadre fixes the ID number; the 错误 column stays
    fixed = imported(write_xlsx(tmp_path / "fixed.xlsx", book), org=city.u1)
    assert (fixed.counts["errors"], fixed.outcome["added"]) == (0, 1)
    assert Membership.objects.filter(org=city.u1).count() == 2


def test_downloading_it_is_an_audit_event(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["李四", bad_checksum(LI), "", ""]]), org=city.u1, actor=city.users["chair_u1"])
    response = city.client("chair_u1").get(reverse("imports:errors", args=[job.pk]), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert read_xlsx(b"".join(response.streaming_content))[1][1] == bad_checksum(LI)
    event = AuditEvent.objects.filter(action="import_job.error_file").latest("id")
    assert (event.actor_name, event.object_id, event.client_address) == ("chair_u1", str(job.pk), "10.0.0.9")
