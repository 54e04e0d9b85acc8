"""Which column holds what: header synonyms of a kind's fields (kinds.py), the generic readers of values,
and the mapping a union confirmed last time for the same headers.

Headers are compared after normalization: full-width to half-width, spaces removed, required markers
(`*`) and notes in brackets dropped, so `*身份证号码（18位）` reads as `身份证号码`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from unionhall.core.normalize import compact
from unionhall.imports import kinds
from unionhall.imports.kinds import CellError, Field
from unionhall.imports.models import ColumnMapping
from unionhall.orgs.models import OrgUnit

__all__ = ["CellError", "Field", "by_words", "choice_reader", "fields_of", "yes_no"]


_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")


def normalize_header(value: Any) -> str:
    """`*身份证号码（18位）：` → `身份证号码`; `Name` → `name`."""
    text = compact(str(value if value is not None else ""))
    text = _NOTES.sub("", text).replace("*", "").rstrip(":")
    return text.lower()


def fields_of(kind: str) -> tuple[Field, ...]:
    return kinds.get(kind).fields


def _synonyms(kind: str) -> dict[str, str]:
    return {normalize_header(s): f.key for f in fields_of(kind) for s in (*f.synonyms, f.label)}


def signature(headers: Sequence[str]) -> str:
    """Stands for a header row: equal headers (after normalization) have equal signatures."""
    joined = "\x1f".join(normalize_header(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()


def find_header_row(rows: Sequence[Sequence[Any]], kind: str, *, look: int = 10) -> int:
    """The first of the top rows naming at least two known fields (rosters often start with a title
    row such as 「××公司工会会员花名册」); else the first non-empty row."""
    known = _synonyms(kind)
    first_filled = None
    for index, row in enumerate(rows[:look]):
        names = [normalize_header(cell) for cell in row]
        if first_filled is None and any(names):
            first_filled = index
        if len({known[n] for n in names if n in known}) >= 2:
            return index
    return first_filled or 0


def suggest(headers: Sequence[str], kind: str, org: OrgUnit | None = None) -> list[str]:
    """A field key (or "") for each column: the mapping the union confirmed for these very headers; else
    what it chose before for each header text; else the synonyms. Each field goes to one column."""
    normalized = [normalize_header(h) for h in headers]
    if org is not None:
        remembered = ColumnMapping.objects.filter(org=org, kind=kind, signature=signature(headers)).first()
        if remembered is not None and len(remembered.fields) == len(headers):
            return list(remembered.fields)
    by_text: dict[str, str] = {}
    if org is not None:
        for earlier in ColumnMapping.objects.filter(org=org, kind=kind).order_by("updated_at")[:50]:
            by_text.update(zip(earlier.headers, earlier.fields, strict=False))
    synonyms = _synonyms(kind)
    chosen: list[str] = []
    used: set[str] = set()
    for text in normalized:
        key = by_text.get(text, synonyms.get(text, "")) if text else ""
        if key in used:
            key = ""
        if key:
            used.add(key)
        chosen.append(key)
    return chosen


def check_mapping(fields: Sequence[str], kind: str) -> dict[str, list[str]]:
    """Field errors of a chosen mapping: required fields missing, a field chosen twice, unknown keys."""
    known = {f.key: f for f in fields_of(kind)}
    errors: list[str] = []
    seen: set[str] = set()
    for key in fields:
        if not key:
            continue
        if key not in known:
            errors.append(f"未知的字段：{key}")
        elif key in seen:
            errors.append(f"「{known[key].label}」对应了多列，请只选一列。")
        seen.add(key)
    missing = [f.label for f in known.values() if f.required and f.key not in seen]
    if missing:
        errors.append(f"请指定必填列：{'、'.join(missing)}。")
    return {"mapping": errors} if errors else {}


def remember(org: OrgUnit, kind: str, headers: Sequence[str], fields: Sequence[str]) -> None:
    ColumnMapping.objects.update_or_create(
        org=org,
        kind=kind,
        signature=signature(headers),
        defaults={"headers": [normalize_header(h) for h in headers], "fields": list(fields)},
    )


# --- values ---------------------------------------------------------------------------------------
# Readers a kind's fields use as their `normalize`; the tables of synonyms belong to the kinds.

_YES = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "x", "无", "不是"}


def yes_no(text: str, label: str) -> bool | None:
    value = compact(text).lower()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(f"{label}应填「是」或「否」，现为「{text}」。")


# "非全日制" holds "全日制" and "不是党员" holds "党员": a word read after a negation means its opposite,
# so such a cell is refused rather than read as the word.
_NEGATIONS = ("非", "不", "无")


# (choice, the words that name it), in the order they are tried: a word that holds another comes first.
Words = Sequence[tuple[str, Sequence[str]]]


def by_words(text: str, table: Words, choices: Any) -> str | None:
    """The choice a cell names: its key or label, else the first choice of `table` one of whose words
    occurs in it (not after a negation); None for an empty cell, "" when nothing matches."""
    value = compact(text)
    if not value:
        return None
    for key, label in choices.choices:
        if value in (key, label, compact(label)):
            return str(key)
    for key, words in table:
        for word in words:
            at = value.find(word)
            if at >= 0:
                if at > 0 and value[at - 1] in _NEGATIONS:
                    return ""
                return str(key)
    return ""


def choice_reader(
    label: str, choices: Any, table: Words = (), *, order: Sequence[str] = ()
) -> Callable[[str], str | None]:
    """A field's reader for an enumeration: a value outside it is refused, naming the values allowed (in
    `order` of keys when given). A column holds a handful of distinct values: each is read once per
    file, not once per row."""
    names = dict(choices.choices)
    allowed = "、".join(str(names[key]) for key in (order or names))

    @lru_cache(maxsize=4096)
    def read(text: str) -> str | None:
        found = by_words(text, table, choices)
        if found == "":
            raise CellError(f"{label}「{text}」无法识别，可填：{allowed}。")
        return found

    return read
