"""The notice window in calendar or working days, and the guard that keeps approval closed until the window is
over and every objection is settled — the rules every module in 公示 shares."""

from __future__ import annotations

from datetime import date

import pytest

from unionhall.assistance.models import NoticeObjection
from unionhall.core.errors import Conflict
from unionhall.notices.window import notice_is_over, notice_window, require_notice_over

pytestmark = pytest.mark.django_db


def _objection(*, resolved: bool = False, upheld: bool | None = None) -> NoticeObjection:
    return NoticeObjection(
        received_on=date(2026, 3, 3), content="异议", resolved_on=date(2026, 3, 4) if resolved else None, upheld=upheld
    )


def test_a_notice_in_calendar_days_runs_over_weekends_and_holidays() -> None:
    window = notice_window(date(2026, 9, 30), 5)
    assert (window.starts_on, window.ends_on) == (date(2026, 9, 30), date(2026, 10, 5))
    assert window.as_changes() == {"notice_starts_on": "2026-09-30", "notice_ends_on": "2026-10-05"}


def test_a_notice_in_working_days_waits_out_national_day() -> None:
    # 1–7 Oct off; 8, 9 Oct, the worked Saturday 10 Oct, then 12 and 13 Oct
    assert notice_window(date(2026, 9, 30), 5, working_days=True).ends_on == date(2026, 10, 13)


def test_approval_opens_the_day_after_the_last_day() -> None:
    assert not notice_is_over(None, date(2026, 3, 9))
    assert not notice_is_over(date(2026, 3, 7), date(2026, 3, 7))
    assert notice_is_over(date(2026, 3, 7), date(2026, 3, 8))
    with pytest.raises(Conflict, match="公示期至 2026-03-07 结束，公示期满后方可评选。"):
        require_notice_over(ends_on=date(2026, 3, 7), today=date(2026, 3, 7), objections=[], then="评选")
    with pytest.raises(Conflict, match="公示期至 — 结束"):
        require_notice_over(ends_on=None, today=date(2026, 3, 7), objections=[])
    require_notice_over(ends_on=date(2026, 3, 7), today=date(2026, 3, 8), objections=[_objection(resolved=True)])


def test_an_open_objection_keeps_approval_closed_and_an_upheld_one_refuses_it() -> None:
    over = {"ends_on": date(2026, 3, 7), "today": date(2026, 3, 8)}
    with pytest.raises(Conflict, match="尚未处理的异议"):
        require_notice_over(**over, objections=[_objection(resolved=True, upheld=False), _objection()])
    with pytest.raises(Conflict, match="异议经核实成立"):
        require_notice_over(**over, objections=[_objection(resolved=True, upheld=True)])
