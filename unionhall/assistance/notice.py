"""The hardship archive plugged into the public notice component (unionhall/notices): its 公示名单 — who is
in notice under a unit, with category and causes — and how long its notice runs (the city's standards,
calendar days). The window, the objections and the guard before approval are wired in workflow.py and
services.py."""

from __future__ import annotations

from typing import Any

from unionhall.assistance import selectors
from unionhall.assistance.models import AssistanceSettings, HardshipCause
from unionhall.notices.public_list import NoticeKind, NoticeRow, register

KEY = "hardship"


def _rows(user: Any, unit: Any) -> list[NoticeRow]:
    labels = dict(HardshipCause.choices)
    return [
        NoticeRow(
            name=f.person.name,
            unit=f.org.name,
            cells=(f.get_category_display(), "、".join(labels.get(c, c) for c in f.causes)),
            starts_on=f.notice_starts_on,
            ends_on=f.notice_ends_on,
        )
        for f in selectors.notice_list(user, unit)
    ]


def _days() -> tuple[int, bool]:
    return AssistanceSettings.current().notice_days, False


HARDSHIP = register(
    NoticeKind(
        key=KEY,
        title="困难职工帮扶公示名单",
        intro="根据困难职工帮扶工作有关规定，经基层工会申报、上级工会入户核查，现将下列困难职工家庭予以公示",
        empty="目前没有公示中的困难职工档案。",
        counter="户",
        columns=(("困难类别", 12), ("致困原因", 20)),
        rows=_rows,
        days=_days,
    )
)
