"""Resident ID numbers: normalized, checked, read for sex and birth date; an old area code only warns."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from unionhall.members import idnumber


def valid(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def test_a_valid_number_gives_sex_and_birth_date() -> None:
    number = valid("11010519900101001")  # odd 17th digit: male
    parsed = idnumber.parse(number)
    assert (parsed.number, parsed.sex, parsed.birth_date, parsed.warnings) == (number, "M", date(1990, 1, 1), ())
    assert idnumber.parse(valid("11010519850612002")).sex == "F"


def test_full_width_spaces_and_a_lower_case_x_are_normalized() -> None:
    number = "11010519491231002X"
    assert ric.is_valid(number)
    messy = " １１０１０５ １９４９１２３１ ００２ｘ "
    assert idnumber.parse(messy).number == number
    assert idnumber.parse(number.lower()).number == number


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请填写身份证号"),
        ("110105900101001", "15 位"),
        ("1101051990010100", "应为 18 位"),
        ("11010519900101001A", "只能由数字"),
        ("110105199002300014", "出生日期不存在"),
        ("110105209901010011", "不合理"),
    ],
)
def test_malformed_numbers_are_errors_in_chinese(raw: str, message: str) -> None:
    with pytest.raises(idnumber.IdNumberError, match=message):
        idnumber.parse(raw, today=date(2026, 11, 23))


def test_a_bad_check_digit_is_an_error() -> None:
    number = valid("11010519900101001")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(idnumber.IdNumberError, match="校验位"):
        idnumber.parse(wrong)


def test_an_area_code_unknown_for_the_birth_year_is_only_a_warning() -> None:
    number = valid("32050819700101001")  # 姑苏区 exists only since 2012
    parsed = idnumber.parse(number)
    assert parsed.number == number
    assert parsed.warnings and "320508" in parsed.warnings[0]
