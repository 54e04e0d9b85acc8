"""The notice window and the guard that keeps approval closed until it is over.

A notice starts on the day it is put up and runs `days` days after it: calendar days, or working days
counted with the city's calendar (unionhall/workcalendar). Approval opens the day after the last day, and
only when every objection is resolved and none was upheld.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from unionhall.core.errors import Conflict
from unionhall.notices.models import Objection
from unionhall.workcalendar import workdays


@dataclass(frozen=True)
class Window:
    starts_on: date
    ends_on: date

    def as_changes(self) -> dict[str, str]:
        """What an audit event records of a notice put up."""
        return {"notice_starts_on": str(self.starts_on), "notice_ends_on": str(self.ends_on)}


def notice_window(starts_on: date, days: int, *, working_days: bool = False) -> Window:
    if working_days:
        return Window(starts_on, workdays.add_working_days(starts_on, days))
    return Window(starts_on, starts_on + timedelta(days=days))


def notice_is_over(ends_on: date | None, today: date) -> bool:
    return ends_on is not None and today > ends_on


def open_objections(objections: Iterable[Objection]) -> list[Objection]:
    return [o for o in objections if o.resolved_on is None]


def require_notice_over(
    *, ends_on: date | None, today: date, objections: Iterable[Objection], then: str = "审批"
) -> None:
    """Refuse, in Chinese, what must wait for the notice: its end, then the objections. `then` names the step
    that waits ("审批建档")."""
    if not notice_is_over(ends_on, today):
        ends = f"{ends_on:%Y-%m-%d}" if ends_on else "—"
        raise Conflict(f"公示期至 {ends} 结束，公示期满后方可{then}。")
    objections = list(objections)
    if open_objections(objections):
        raise Conflict("公示期间有尚未处理的异议，请先处理异议。")
    if any(o.upheld for o in objections):
        raise Conflict("公示异议经核实成立，应作「不予通过」处理。")
