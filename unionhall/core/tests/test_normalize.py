"""What people type or paste: full-width characters, spaces and the date formats of Chinese rosters."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.core.normalize import PhoneError, clean_text, compact, normalize_phone, parse_date


def test_full_width_digits_letters_and_spaces_are_normalized() -> None:
    assert compact("１１０１０５　１９９０ ０１０１００１ｘ") == "11010519900101001x"
    assert clean_text("  张　三  ") == "张 三"
    assert compact("ＧＨ０００１") == "GH0001"


@pytest.mark.parametrize(
    "value",
    [
        "2020-3-5",
        "2020.3.5",
        "2020/03/05",
        "2020年3月5日",
        "2020年3月5",
        "20200305",
        "２０２０－３－５",
        " 2020-03-05 ",
        "2020-03-05 00:00:00",
        43895,
        43895.0,
        date(2020, 3, 5),
        datetime(2020, 3, 5, 8, 30),
    ],
)
def test_every_accepted_date_form_reads_as_the_same_day(value: object) -> None:
    assert parse_date(value) == date(2020, 3, 5)


@pytest.mark.parametrize("value", ["2020-2-30", "三月五日", "5/3/2020", "2020", -1, 10**9])
def test_impossible_or_unknown_dates_are_refused_in_chinese(value: object) -> None:
    with pytest.raises(ValueError, match="日期"):
        parse_date(value)


def test_empty_dates_are_none() -> None:
    assert parse_date("") is None
    assert parse_date(None) is None


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("aZ09xX -\t\n\u3000\u00a0\u2003\u1680\x1c\x85１２ＡＢ，张三年月日．")),
        max_size=12,
    )
)
def test_compact_and_clean_text_equal_nfkc_and_the_whitespace_of_regular_expressions(text: str) -> None:
    normalized = unicodedata.normalize("NFKC", text)
    assert compact(text) == re.sub(r"\s+", "", normalized)
    assert clean_text(text) == re.sub(r"\s+", " ", normalized).strip()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("13912345678", "13912345678"),
        ("＋86 139-1234-5678", "13912345678"),
        ("0512-6812345", "0512-6812345"),
        ("051268123456", "0512-68123456"),
        ("(0512)68123456", "0512-68123456"),
        ("01012345678", "010-12345678"),
        ("0512-68123456转801", "0512-68123456-801"),
        ("", ""),
    ],
)
def test_a_mobile_or_a_landline_with_area_code_is_accepted(typed: str, kept: str) -> None:
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize("typed", ["1391234", "1391234567", "139123456789", "68123456", "0512-0812345", "电话"])
def test_a_short_number_a_ten_digit_mobile_or_a_landline_without_area_code_is_refused(typed: str) -> None:
    with pytest.raises(PhoneError) as info:
        normalize_phone(typed)
    assert f"「{typed}」" in str(info.value) and "0512-68123456" in str(info.value)
