"""Pinyin of a Chinese name: initials for search (张三丰 → zsf) and the key lists sort by (zhang san feng),
reading surnames as surnames (单 shan, 曾 zeng)."""

from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin
from pypinyin.seg.mmseg import p_set as PHRASE_PREFIXES

# Characters whose reading as a surname differs from pypinyin's everyday reading, longest first.
SURNAME_READINGS = {
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "单于": "chanyu",
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "尉": "yu",
    "黑": "he",
    "种": "chong",
    "繁": "po",
    "员": "yun",
    "折": "she",
    "召": "shao",
    "秘": "bi",
    "句": "gou",
    "蕃": "pi",
    "祭": "zhai",
    "隗": "wei",
    "那": "na",
    "厍": "she",
    "阚": "kan",
    "眭": "sui",
    "能": "nai",
    "柏": "bai",
    "石": "shi",
    "薄": "bo",
}


def initials(name: str) -> str:
    """Lower-case initials; non-Chinese characters keep their own first letters (e.g. 阿卜杜·热合曼)."""
    name = "".join(name.split())
    surname = ""
    for length in (2, 1):
        reading = SURNAME_READINGS.get(name[:length])
        if reading:
            surname = "".join(part[0] for part in _split_reading(name[:length], reading))
            name = name[length:]
            break
    return (surname + _letters(name)).lower()


def sort_key(name: str) -> str:
    """The full reading, syllables apart, then the name itself: 艾 < 白 < 张 as in a Chinese index, 李 (li)
    before 林 (lin) since the space sorts before any letter, and namesakes in a stable order."""
    name = "".join(name.split())
    syllables: list[str] = []
    rest = name
    for length in (2, 1):
        reading = SURNAME_READINGS.get(name[:length])
        if reading:
            syllables += _split_reading(name[:length], reading)
            rest = name[length:]
            break
    syllables += _syllables(rest)
    return (" ".join(syllables).lower() + " | " + name)[:200]


def _syllables(text: str) -> list[str]:
    """pypinyin's full readings, one per character, other characters kept as they are (like _letters)."""
    for i in range(len(text) - 1):
        if text[i : i + 2] in PHRASE_PREFIXES:
            return [part for part in lazy_pinyin(text, style=Style.NORMAL) if part.strip()]
    return [_char_syllable(char) for char in text]


@cache
def _char_syllable(char: str) -> str:
    return "".join(lazy_pinyin(char, style=Style.NORMAL))


def _letters(text: str) -> str:
    """pypinyin's reading of `text`, reduced to first letters.

    pypinyin cuts a run of characters into the longest words of its phrase dictionary, and a word's reading
    may differ from its characters' everyday ones (重庆 chong). Where no two neighbours begin a dictionary
    word, every character is read alone, so its letter can be looked up once per character (30 µs a name
    through pypinyin, a roster import does 100,000); otherwise pypinyin reads the whole text.
    """
    for i in range(len(text) - 1):
        if text[i : i + 2] in PHRASE_PREFIXES:
            return _read(text)
    return "".join([_char_letter(char) for char in text])


@cache
def _char_letter(char: str) -> str:
    return _read(char)


def _read(text: str) -> str:
    return "".join(
        letter for letter in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore") if letter.isalnum()
    )


def _split_reading(chars: str, reading: str) -> list[str]:
    """One reading per character of a compound surname (尉迟 → yu, chi) for its initials."""
    if len(chars) == 1:
        return [reading]
    first = lazy_pinyin(chars[1], style=Style.NORMAL)[0]
    return [reading[: len(reading) - len(first)], first]
