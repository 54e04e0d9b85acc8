"""A period is a month written 2026-11: typed generously, stored in one form, refused in Chinese otherwise."""

from __future__ import annotations

import pytest

from unionhall.core.errors import ValidationError
from unionhall.teams import periods


@pytest.mark.parametrize("typed", ["2026-11", "2026-11 ", "2026/11", "2026年11月", "202611", "2026.11"])
def test_a_month_typed_in_the_usual_ways_is_stored_as_year_dash_month(typed: str) -> None:
    assert periods.parse(typed) == "2026-11"


def test_a_single_digit_month_gets_its_zero() -> None:
    assert periods.parse("2026-1") == "2026-01"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026Q4", "期间应为年月"),
        ("11/2026", "期间应为年月"),
        ("2026-13", "月份应为 1—12"),
        ("1899-05", "年份应在"),
        ("", "期间应为年月"),
    ],
)
def test_anything_else_is_refused_with_a_chinese_message_at_the_period(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        periods.parse(typed)
    assert message in refused.value.field_errors["period"][0]


def test_months_shift_across_the_year_and_read_as_chinese() -> None:
    assert periods.shift("2026-01", -1) == "2025-12"
    assert periods.shift("2026-11", 3) == "2027-02"
    assert periods.label("2026-03") == "2026年3月"
