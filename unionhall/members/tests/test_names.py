"""Pinyin initials for search, with surnames read as surnames."""

from __future__ import annotations

import pytest

from unionhall.members.names import initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三丰", "zsf"),
        ("单雄信", "sxx"),
        ("曾国藩", "zgf"),
        ("解缙", "xj"),
        ("尉迟恭", "ycg"),
        ("长孙无忌", "zswj"),
        ("王 小明", "wxm"),
        ("仇英", "qy"),
        ("区家明", "ojm"),
        ("查良镛", "zly"),
    ],
)
def test_initials_read_surname_heteronyms_as_surnames(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_a_heteronym_inside_a_given_name_keeps_its_everyday_reading() -> None:
    assert initials("王单") == "wd"
