"""Each row is checked by the person rule (members.services.clean_person) and the import's own: a bad
check digit is an error, an area code unknown for the birth year a warning; a second row with the same
ID number is an error on the later row; persons who are members elsewhere are reported."""

from __future__ import annotations

from pathlib import Path

from unionhall.core.normalize import PHONE_MESSAGE
from unionhall.imports.tests.support import SYSTEM, bad_checksum, id_number, roster, validated
from unionhall.members import services as member_services
from unionhall.tests.city import City

ZHANG = id_number("19900101", "011")
LI = id_number("19920202", "022")
OLD_AREA = id_number("20150101", "031", area="110103")  # 崇文区 was merged into 东城区 in 2010


def messages(job: object, row: int) -> list[str]:
    for r in job.sample:  # type: ignore[attr-defined]
        if r["row"] == row:
            return [m for c in r["cells"] for m in c["errors"]] + r["errors"] + r["warnings"]
    return []


def test_an_id_number_with_a_wrong_check_digit_is_an_error(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", bad_checksum(ZHANG), "", ""]]), org=city.u1)
    assert (job.counts["valid"], job.counts["errors"]) == (0, 1)
    assert messages(job, 2) == ["身份证号校验位不正确，请核对。"]


def test_an_area_code_unknown_for_the_birth_year_is_only_a_warning(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", OLD_AREA, "", ""]]), org=city.u1)
    assert (job.counts["valid"], job.counts["errors"], job.counts["warnings"]) == (1, 0, 1)
    assert "地区码 110103" in messages(job, 2)[0]


def test_an_old_fifteen_digit_id_number_is_an_error_with_advice(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", "110105900101001", "", ""]]), org=city.u1)
    assert "15 位" in messages(job, 2)[0]


def test_a_row_without_a_name_is_an_error(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["", ZHANG, "", ""]]), org=city.u1)
    assert messages(job, 2) == ["请填写姓名。"]


def test_a_phone_that_is_no_number_is_an_error(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", ZHANG, "请联系车间", ""]]), org=city.u1)
    assert messages(job, 2) == [f"电话号码「请联系车间」不正确：{PHONE_MESSAGE}"]


def test_a_short_number_and_a_ten_digit_mobile_are_refused_as_in_the_forms(city: City, tmp_path: Path) -> None:
    rows = [["张三", ZHANG, "1391234", ""], ["李四", LI, "1391234567", ""]]
    job = validated(roster(tmp_path, rows), org=city.u1)
    assert (job.counts["valid"], job.counts["errors"]) == (0, 2)
    assert messages(job, 2) == [f"电话号码「1391234」不正确：{PHONE_MESSAGE}"]
    assert messages(job, 3) == [f"电话号码「1391234567」不正确：{PHONE_MESSAGE}"]


def test_a_landline_with_its_area_code_is_accepted(city: City, tmp_path: Path) -> None:
    rows = [["张三", ZHANG, "0512-6812345", ""], ["李四", LI, "051268123456", ""]]
    job = validated(roster(tmp_path, rows), org=city.u1)
    assert (job.counts["valid"], job.counts["errors"]) == (2, 0)


def test_a_value_outside_an_enumeration_is_refused_naming_the_values_allowed(city: City, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "就业形态", "政治面貌"]
    job = validated(roster(tmp_path, [["张三", ZHANG, "非全日制用工", "非党员"]], headers=headers), org=city.u1)
    assert job.counts["errors"] == 1
    assert messages(job, 2) == [
        "就业形态「非全日制用工」无法识别，可填：标准劳动关系、劳务派遣、新就业形态。",
        "政治面貌「非党员」无法识别，可填：中共党员、共青团员、民主党派、群众。",
    ]


def test_every_error_of_a_row_is_reported_at_its_cell(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["", bad_checksum(ZHANG), "12x", "2020-13-01"]]), org=city.u1)
    [row] = job.sample
    assert [bool(c["errors"]) for c in row["cells"]] == [True, True, True, True]


def test_the_same_id_number_twice_is_an_error_on_the_later_row(city: City, tmp_path: Path) -> None:
    rows = [
        ["张三", ZHANG, "", ""],
        ["李四", LI, "", ""],
        ["张三丰", ZHANG.lower(), "", ""],
        ["张三", " " + ZHANG, "", ""],
    ]
    job = validated(roster(tmp_path, rows), org=city.u1)
    assert (job.counts["valid"], job.counts["errors"], job.counts["duplicates"]) == (2, 2, 2)
    assert messages(job, 2) == []
    assert messages(job, 4) == ["与第 2 行的身份证号重复，本行不导入。"]
    assert messages(job, 5) == ["与第 2 行的身份证号重复，本行不导入。"]


def test_a_member_of_another_union_is_reported_with_that_union(city: City, tmp_path: Path) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="张三", id_number=ZHANG)
    )
    member_services.member_join(actor=SYSTEM, org=city.u1, person=member_services.PersonData(name="李四", id_number=LI))
    rows = [["张三", ZHANG, "", ""], ["李四", LI, "", ""], ["王五", id_number("19950505", "051"), "", ""]]
    job = validated(roster(tmp_path, rows), org=city.u1)
    assert (job.counts["new"], job.counts["here"], job.counts["elsewhere"]) == (1, 1, 1)
    assert job.elsewhere == [{"row": 2, "name": "张三", "org": "西方纺织公司工会"}]
    assert messages(job, 2) == ["已是「西方纺织公司工会」的会员：可选择接转到本工会，否则本行不导入。"]


def test_sex_and_birth_date_columns_are_only_checked_against_the_id_number(city: City, tmp_path: Path) -> None:
    female = id_number("19900101", "022")  # even sequence: female
    headers = ["姓名", "身份证号", "性别", "出生日期"]
    rows = [["张三", ZHANG, "男", "1990-01-01"], ["李四", female, "男", "1991-01-01"]]
    job = validated(roster(tmp_path, rows, headers=headers), org=city.u1)
    assert (job.counts["valid"], job.counts["warnings"]) == (2, 1)
    assert messages(job, 3) == [
        "性别「男」与身份证号不符，以身份证号为准（女）。",
        "出生日期 1991-01-01 与身份证号不符，以身份证号为准（1990-01-01）。",
    ]


def test_an_unknown_choice_value_is_an_error_at_its_cell(city: City, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "学历"]
    job = validated(roster(tmp_path, [["张三", ZHANG, "自学成才"]], headers=headers), org=city.u1)
    [row] = job.sample
    assert row["cells"][2]["errors"] == [
        "学历「自学成才」无法识别，可填：研究生、本科、大专、高中/中专/技校、初中、小学及以下。"
    ]


def test_the_preview_masks_id_numbers(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", bad_checksum(ZHANG), "", ""]]), org=city.u1)
    shown = job.sample[0]["cells"][1]["text"]
    assert shown == ZHANG[:3] + "*" * 11 + bad_checksum(ZHANG)[-4:]
    assert ZHANG[:17] not in str(job.sample) + str(job.column_samples)


def test_validating_writes_no_person(city: City, tmp_path: Path) -> None:
    from unionhall.members.models import Person

    validated(roster(tmp_path, [["张三", ZHANG, "", ""]]), org=city.u1)
    assert not Person.objects.exists()
