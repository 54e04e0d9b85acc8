"""What people type into rosters is normalized before it is checked: full-width digits and letters,
stray spaces, a lower-case x, numbers Excel made of phone numbers, and dates in every usual form."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from unionhall.core.pii import blind_index
from unionhall.imports.tests.support import id_number, imported, roster, validated
from unionhall.members.models import Membership, Person
from unionhall.tests.city import City

ZHANG = id_number("19900101", "011")
WITH_X = next(n for n in (id_number("19850615", f"{s:03d}") for s in range(200)) if n.endswith("X"))


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def person(number: str) -> Person:
    return Person.objects.get(id_number_hash=blind_index(number))


def test_full_width_digits_in_an_id_number_are_read_as_digits(city: City, tmp_path: Path) -> None:
    imported(roster(tmp_path, [["张三", to_fullwidth(ZHANG), "", ""]]), org=city.u1)
    assert person(ZHANG).reveal_id_number() == ZHANG


def test_a_full_width_x_and_a_lower_case_x_are_read_as_x(city: City, tmp_path: Path) -> None:
    lower = WITH_X[:-1] + "x"
    job = imported(roster(tmp_path, [["张三", to_fullwidth(lower), "", ""]]), org=city.u1)
    assert job.outcome["added"] == 1
    assert person(WITH_X).reveal_id_number() == WITH_X


def test_spaces_inside_and_around_an_id_number_are_dropped(city: City, tmp_path: Path) -> None:
    spaced = f" {ZHANG[:6]} {ZHANG[6:14]}\u3000{ZHANG[14:]} "
    imported(roster(tmp_path, [["张三", spaced, "", ""]]), org=city.u1)
    assert person(ZHANG).reveal_id_number() == ZHANG


def test_names_lose_stray_spaces_and_phones_their_separators(city: City, tmp_path: Path) -> None:
    imported(roster(tmp_path, [["  张  三 ", ZHANG, "＋86 139-1234-5678", ""]]), org=city.u1)
    p = person(ZHANG)
    assert (p.name, p.phone) == ("张 三", "13912345678")


def test_a_phone_number_excel_stored_as_a_number_is_read_as_digits(city: City, tmp_path: Path) -> None:
    imported(roster(tmp_path, [["张三", ZHANG, 13912345678, ""]]), org=city.u1)
    assert person(ZHANG).phone == "13912345678"


def test_an_id_number_excel_stored_as_a_number_is_an_error_that_says_why(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, [["张三", float(ZHANG), "", ""]]), org=city.u1)
    assert job.counts["errors"] == 1
    [row] = job.sample
    assert "存成了数字" in row["cells"][1]["errors"][0]


@pytest.mark.parametrize(
    "cell",
    [
        "2020-3-5",
        "2020.3.5",
        "2020/03/05",
        "2020年3月5日",
        "2020-03-05 00:00:00",
        "２０２０年３月５日",
        "20200305",
        43895,  # an Excel serial number in a cell without a date format
        43895.0,
        date(2020, 3, 5),  # a real date cell
        datetime(2020, 3, 5, 9, 30),  # a date cell with a time
    ],
    ids=lambda v: f"{type(v).__name__}:{v}",
)
def test_a_join_date_is_accepted_in_every_usual_form(city: City, tmp_path: Path, cell: Any) -> None:
    job = imported(roster(tmp_path, [["张三", ZHANG, "", cell]]), org=city.u1)
    assert job.outcome["added"] == 1, job.sample
    assert Membership.objects.get(person=person(ZHANG)).joined_on == date(2020, 3, 5)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2020-2-30", "日期不存在"),
        ("去年春天", "无法识别的日期"),
        ("2099-1-1", "晚于今天"),
        ("1980-1-1", "早于出生日期"),
    ],
)
def test_a_join_date_that_cannot_be_right_is_an_error(city: City, tmp_path: Path, cell: str, message: str) -> None:
    job = validated(roster(tmp_path, [["张三", ZHANG, "", cell]]), org=city.u1)
    [row] = job.sample
    assert message in row["cells"][3]["errors"][0]


def test_an_empty_join_date_means_today(city: City, tmp_path: Path) -> None:
    from django.utils import timezone

    imported(roster(tmp_path, [["张三", ZHANG, "", ""]]), org=city.u1)
    assert Membership.objects.get(person=person(ZHANG)).joined_on == timezone.localdate()


def test_value_synonyms_reach_the_person(city: City, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "用工形式", "是否农民工", "文化程度", "政治面貌", "户籍地", "技能等级"]
    row = ["张三", ZHANG, "派遣", "是", "大学本科", "中共党员", " 安徽省  阜阳市 ", "高级工"]
    imported(roster(tmp_path, [row], headers=headers), org=city.u1)
    p = person(ZHANG)
    assert (p.employment_form, p.is_migrant, p.education, p.political_status) == (
        "dispatched",
        True,
        "bachelor",
        "cpc",
    )
    assert (p.hukou_address, p.skill_level) == ("安徽省 阜阳市", "高级工")


def test_blank_rows_between_members_are_skipped_and_not_counted(city: City, tmp_path: Path) -> None:
    rows = [
        ["张三", ZHANG, "", ""],
        ["", "", "", ""],
        ["  ", None, "", ""],
        ["李四", id_number("19920202", "022"), "", ""],
    ]
    job = imported(roster(tmp_path, rows), org=city.u1)
    assert job.counts["rows"] == 2
    assert job.outcome["added"] == 2
