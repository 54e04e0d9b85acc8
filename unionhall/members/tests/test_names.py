"""Pinyin initials for search, with surnames read as surnames."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def pypinyin_initials(name: str) -> str:
    """The reading before the per-character shortcut: pypinyin on the whole given name."""
    from pypinyin import Style, lazy_pinyin

    from unionhall.members.names import SURNAME_READINGS, _split_reading

    name = "".join(name.split())
    surname = ""
    for length in (2, 1):
        reading = SURNAME_READINGS.get(name[:length])
        if reading:
            surname = "".join(part[0] for part in _split_reading(name[:length], reading))
            name = name[length:]
            break
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return (surname + "".join(letter for letter in letters if letter.isalnum())).lower()


@pytest.mark.parametrize(
    "name",
    [
        "王建国",
        "李海燕",
        "张重庆",
        "陈长乐",
        "刘朝阳",
        "杨行长",
        "单于长乐",
        "阿卜杜·热合曼",
        "Tom李",
        "赵〇",
        "钱 银行",
        "孙乐乐",
    ],
)
def test_initials_read_words_of_the_phrase_dictionary_as_pypinyin_does(name: str) -> None:
    assert initials(name) == pypinyin_initials(name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="王李张单曾重长乐行朝银都建国海燕和平小明华红军卜杜·热合曼Ab 1", min_size=1, max_size=5))
def test_initials_equal_pypinyins_reading_of_the_whole_name(name: str) -> None:
    assert initials(name) == pypinyin_initials(name)
