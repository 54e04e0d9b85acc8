"""Amounts in Chinese capitals as a finance form writes them, and names masked for a public notice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionhall.core.pii import mask_name_in_notice as mask_name
from unionhall.reports.words import DIGITS, rmb_upper


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (123450, "壹仟贰佰叁拾肆元伍角整"),
        (123456, "壹仟贰佰叁拾肆元伍角陆分"),
        (123400, "壹仟贰佰叁拾肆元整"),
        (123405, "壹仟贰佰叁拾肆元零伍分"),
        (0, "零元整"),
        (50, "伍角整"),
        (5, "伍分"),
        (100, "壹元整"),
        (1000, "壹拾元整"),
        (100100, "壹仟零壹元整"),
        (101000, "壹仟零壹拾元整"),
        (1001000, "壹万零壹拾元整"),
        (10010000, "壹拾万零壹佰元整"),
        (100000000, "壹佰万元整"),
        (101000000, "壹佰零壹万元整"),
        (100100000, "壹佰万壹仟元整"),
        (10000000100, "壹亿零壹元整"),
        (500000, "伍仟元整"),
        (2000050, "贰万元伍角整"),
    ],
)
def test_an_amount_is_written_in_capitals_as_on_a_finance_form(fen: int, words: str) -> None:
    assert rmb_upper(fen) == words


def test_a_negative_or_impossibly_large_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        rmb_upper(-1)
    with pytest.raises(ValueError):
        rmb_upper(10**14)


_PLACE = {"拾": 10, "佰": 100, "仟": 1000}


def read_back(words: str) -> int:
    """The capitals read back into fen, by a reader written independently of the writer."""
    total, group, digit = 0, 0, 0
    fen = 0
    for ch in words:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in _PLACE:
            group += digit * _PLACE[ch]
            digit = 0
        elif ch == "万":
            total += (group + digit) * 10_000
            group = digit = 0
        elif ch == "亿":
            total = (total + group + digit) * 100_000_000
            group = digit = 0
        elif ch == "元":
            fen = (total + group + digit) * 100
            total = group = digit = 0
        elif ch == "角":
            fen += digit * 10
            digit = 0
        elif ch == "分":
            fen += digit
            digit = 0
    return fen


@given(st.integers(min_value=0, max_value=10**14 - 1))
def test_any_amount_reads_back_to_itself(fen: int) -> None:
    words = rmb_upper(fen)
    assert read_back(words) == fen
    assert "零零" not in words and not words.startswith("零" if fen >= 100 else "x")
    assert words.endswith("整") == (fen % 10 == 0)


@pytest.mark.parametrize(
    ("name", "masked"), [("王小明", "王*明"), ("王明", "王*"), ("欧阳小明", "欧**明"), ("王", "王"), (" 李四 ", "李*")]
)
def test_a_name_on_a_public_notice_keeps_only_its_first_and_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked
