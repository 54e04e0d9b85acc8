"""Column mapping: header synonyms after normalization, the header row found under a title, and the
mapping each union confirmed remembered for its next file; value synonyms of the choice fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from unionhall.imports import mapping as maps
from unionhall.imports.models import ColumnMapping
from unionhall.imports.tests.support import id_number, roster, upload, write_xlsx
from unionhall.members import import_kind as member_kind
from unionhall.members.import_kind import MEMBERS
from unionhall.members.models import Education, EmploymentForm, PoliticalStatus
from unionhall.orgs import import_kind as employer_kind
from unionhall.orgs.import_kind import EMPLOYERS
from unionhall.orgs.models import Industry, Ownership
from unionhall.tests.city import City


@pytest.mark.parametrize(
    ("header", "normalized"),
    [
        ("*身份证号码（18位）", "身份证号码"),
        ("姓 名", "姓名"),
        ("＊手机号码：", "手机号码"),
        ("入会日期[必填]", "入会日期"),
        ("【选填】户籍地", "户籍地"),
        ("Name", "name"),
        (None, ""),
    ],
)
def test_headers_are_compared_without_markers_notes_spaces_or_full_width(header: object, normalized: str) -> None:
    assert maps.normalize_header(header) == normalized


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "name"),
        ("名字", "name"),
        ("职工姓名", "name"),
        ("身份证号", "id_number"),
        ("身份证号码", "id_number"),
        ("公民身份号码", "id_number"),
        ("证件号码", "id_number"),
        ("手机", "phone"),
        ("手机号码", "phone"),
        ("联系电话", "phone"),
        ("入会日期", "joined_on"),
        ("入会时间", "joined_on"),
        ("就业形态", "employment_form"),
        ("用工形式", "employment_form"),
        ("是否农民工", "is_migrant"),
        ("农民工", "is_migrant"),
        ("学历", "education"),
        ("文化程度", "education"),
        ("政治面貌", "political_status"),
        ("技能等级", "skill_level"),
        ("户籍地", "hukou_address"),
        ("户籍地址", "hukou_address"),
        ("*公民身份号码(必填)", "id_number"),
        ("备注", ""),
    ],
)
def test_a_roster_header_is_recognized_by_its_synonyms(header: str, field: str) -> None:
    assert maps.suggest([header], MEMBERS) == [field]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("企业名称", "name"),
        ("统一社会信用代码", "uscc"),
        ("成立日期", "registered_on"),
        ("开业日期", "opened_on"),
        ("住所", "address"),
        ("行政区划代码", "division"),
        ("从业人数", "employee_count"),
        ("企业类型", "ownership"),
        ("所属行业", "industry"),
    ],
)
def test_a_register_header_is_recognized_by_its_synonyms(header: str, field: str) -> None:
    assert maps.suggest([header], EMPLOYERS) == [field]


def test_a_field_goes_to_its_first_column_only() -> None:
    assert maps.suggest(["手机", "联系电话", "姓名"], MEMBERS) == ["phone", "", "name"]


def test_the_header_row_is_found_below_a_title() -> None:
    rows = [
        ["东方机械公司工会会员花名册", "", ""],
        ["填表日期：2024年1月", "", ""],
        ["序号", "姓名", "身份证号"],
        ["1", "张三", "x"],
    ]
    assert maps.find_header_row(rows, MEMBERS) == 2


def test_without_a_known_header_the_first_filled_row_is_the_header() -> None:
    assert maps.find_header_row([["", ""], ["甲", "乙"], ["1", "2"]], MEMBERS) == 1


def test_a_mapping_must_name_the_required_fields_once() -> None:
    assert maps.check_mapping(["name", "id_number", ""], MEMBERS) == {}
    assert "身份证号" in maps.check_mapping(["name", "", ""], MEMBERS)["mapping"][0]
    twice = maps.check_mapping(["name", "name", "id_number"], MEMBERS)["mapping"]
    assert twice == ["「姓名」对应了多列，请只选一列。"]


def test_a_confirmed_mapping_is_remembered_for_the_same_headers_of_the_same_union(city: City, tmp_path: Path) -> None:
    headers = ["名称", "号码", "电话", "备注"]
    maps.remember(city.u1, MEMBERS, headers, ["name", "id_number", "phone", ""])
    path = roster(tmp_path, [["张三", id_number(), "13912345678", ""]], headers=headers)
    job = upload(path, org=city.u1)
    assert job.mapping == {"0": "name", "1": "id_number", "2": "phone"}
    # another union knows nothing of it: only synonyms apply there ("电话" is one, "名称" is not)
    other = upload(path, org=city.u2)
    assert other.mapping == {"2": "phone"}


def test_each_header_remembers_its_field_when_the_columns_change(city: City, tmp_path: Path) -> None:
    maps.remember(city.u1, MEMBERS, ["名称", "号码"], ["name", "id_number"])
    path = roster(tmp_path, [["13912345678", id_number(), "张三"]], headers=["电话", "号码", "名称"])
    assert upload(path, org=city.u1).mapping == {"0": "phone", "1": "id_number", "2": "name"}


def test_confirming_a_mapping_twice_keeps_one_record(city: City) -> None:
    maps.remember(city.u1, MEMBERS, ["姓名", "证号"], ["name", "id_number"])
    maps.remember(city.u1, MEMBERS, ["姓名", "证号"], ["name", ""])
    assert ColumnMapping.objects.get().fields == ["name", ""]


def test_the_title_row_does_not_become_the_header(city: City, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [["会员花名册"], ["姓名", "身份证号"], ["张三", id_number()]])
    job = upload(path, org=city.u1)
    assert (job.header_row, job.headers, job.total_rows) == (1, ["姓名", "身份证号"], 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("劳务派遣", EmploymentForm.DISPATCHED),
        ("派遣", EmploymentForm.DISPATCHED),
        ("新就业形态", EmploymentForm.PLATFORM),
        ("平台用工", EmploymentForm.PLATFORM),
        ("外卖骑手", EmploymentForm.PLATFORM),
        ("标准劳动关系", EmploymentForm.STANDARD),
        ("劳动合同", EmploymentForm.STANDARD),
        ("", None),
    ],
)
def test_employment_form_values_have_synonyms(text: str, value: str | None) -> None:
    assert member_kind.employment_form(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("大学本科", Education.BACHELOR),
        ("本科", Education.BACHELOR),
        ("大专", Education.COLLEGE),
        ("大学专科", Education.COLLEGE),
        ("硕士研究生", Education.POSTGRADUATE),
        ("中专", Education.SENIOR),
        ("技校", Education.SENIOR),
        ("初中", Education.JUNIOR),
        ("小学及以下", Education.PRIMARY),
    ],
)
def test_education_values_have_synonyms(text: str, value: str) -> None:
    assert member_kind.education(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("中共党员", PoliticalStatus.CPC),
        ("中共预备党员", PoliticalStatus.CPC),
        ("共青团员", PoliticalStatus.CYL),
        ("九三学社社员", PoliticalStatus.DEMOCRATIC),
        ("群众", PoliticalStatus.MASSES),
    ],
)
def test_political_status_values_have_synonyms(text: str, value: str) -> None:
    assert member_kind.political_status(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("是", True), ("Y", True), ("√", True), ("否", False), ("n", False), ("", None)]
)
def test_yes_and_no_are_read_in_their_usual_forms(text: str, value: bool | None) -> None:
    assert maps.yes_no(text, "是否农民工") is value


@pytest.mark.parametrize(
    "reader",
    [
        member_kind.employment_form,
        member_kind.education,
        member_kind.political_status,
        lambda t: maps.yes_no(t, "是否农民工"),
    ],
)
def test_an_unknown_value_is_an_error_that_names_it(reader: object) -> None:
    with pytest.raises(maps.CellError) as info:
        reader("火星人")  # type: ignore[operator]
    assert "火星人" in str(info.value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("有限责任公司(自然人投资或控股)", Ownership.PRIVATE),
        ("有限责任公司（国有独资）", Ownership.STATE),
        ("有限责任公司(港澳台法人独资)", Ownership.HMT),
        ("外商独资企业", Ownership.FOREIGN),
        ("集体所有制", Ownership.COLLECTIVE),
    ],
)
def test_market_register_company_types_read_as_ownership(text: str, value: str) -> None:
    assert employer_kind.ownership(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("C", Industry.MANUFACTURING), ("C13", "C"), ("制造业", "C"), ("建筑业", "E"), ("玄学", "")]
)
def test_industries_read_by_letter_or_name(text: str, value: str) -> None:
    assert employer_kind.industry(text) == value
