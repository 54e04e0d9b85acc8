"""The public notice list (公示名单) each module prints, and how a module plugs into it.

A module registers a `NoticeKind` once (in its AppConfig.ready): the list's title and wording, its own
columns, how long its notice runs, and a function giving the rows in notice under a unit that a user may
see (through the scope rule). The component masks every name and lays out the page partial
(templates/notices/_list.html) and the PDF (templates/notices/notice_pdf.html) the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from unionhall.core import pii
from unionhall.workcalendar import workdays


@dataclass(frozen=True)
class NoticeRow:
    """One line of the list; `name` is the full name, masked when the list is laid out."""

    name: str
    unit: str
    cells: tuple[str, ...]  # the module's own columns, in the order of `NoticeKind.columns`
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class NoticeKind:
    key: str
    title: str  # "困难职工帮扶公示名单"
    intro: str  # the sentence before "公示期 N 天", saying who is put up and why
    empty: str  # the line shown when nothing is in notice
    counter: str  # the measure word of the count: "户", "人", "项"
    columns: tuple[tuple[str, int], ...]  # the module's columns: header and width in % of the printed page
    rows: Callable[[Any, Any], list[NoticeRow]]  # (user, unit) → the rows in notice the user may see
    days: Callable[[], tuple[int, bool]]  # → (days, counted in working days?)
    unit_column: str = "所在工会"


KINDS: dict[str, NoticeKind] = {}


def register(kind: NoticeKind) -> NoticeKind:
    KINDS[kind.key] = kind
    return kind


def kind(key: str) -> NoticeKind:
    return KINDS[key]


# 序号, 姓名, the unit and the window take this share of the page; the module's columns share the rest.
_FIXED_WIDTHS = (9, 11, 24, 24)


def list_context(key: str, user: Any, unit: Any) -> dict[str, Any]:
    """What the page partial and the PDF print: the unit's rows in notice, names masked."""
    k = kind(key)
    days, working = k.days()
    rows = [
        {
            "name": pii.mask_name_in_notice(r.name),
            "unit": r.unit,
            "cells": r.cells,
            "starts": r.starts_on,
            "ends": r.ends_on,
        }
        for r in k.rows(user, unit)
    ]
    number, name, unit_width, window = _FIXED_WIDTHS
    widths = [number, name, unit_width, *(w for _, w in k.columns), window]
    return {
        "kind": k,
        "unit": unit,
        "rows": rows,
        "headers": [h for h, _ in k.columns],
        "widths": widths,
        "notice_days": days,
        "working_days": working,
        "printed_on": workdays.today(),
    }
