"""Amounts typed in yuan and held in fen: what may be left blank, and what is refused at its field."""

from __future__ import annotations

import pytest

from unionhall.core.errors import ValidationError
from unionhall.core.money import parse_optional_yuan, parse_yuan


@pytest.mark.parametrize(("typed", "fen"), [(None, 0), ("", 0), ("  ", 0), ("0", 0), ("12,000", 1_200_000), (350, 350)])
def test_an_optional_amount_may_be_blank_typed_in_yuan_or_given_in_fen(typed: str | int | None, fen: int) -> None:
    assert parse_optional_yuan(typed, field="amount") == fen


@pytest.mark.parametrize("typed", ["-5", "1.234", "abc", -1, 10**12])
def test_a_bad_optional_amount_is_refused_at_its_field(typed: str | int) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_optional_yuan(typed, field="wages_recovered")
    assert list(refused.value.field_errors) == ["wages_recovered"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("999999999999999999999999999999", "金额超出上限（1000 万元）。"),
        ("1e40", "金额超出上限（1000 万元）。"),
        ("-999999999999999999999999999999.5", "金额必须大于零。"),
        ("10000000.01", "金额超出上限（1000 万元）。"),
    ],
)
def test_an_amount_past_the_limit_is_refused_however_many_digits_it_has(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:  # thirty digits made quantize raise: a 500 at the API
        parse_yuan(typed)
    assert refused.value.field_errors == {"amount": [message]}
    assert parse_yuan("10000000") == 10_000_000_00
