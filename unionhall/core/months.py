"""Windows of months the dashboards compare: the last twelve months, and the twelve before them."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

MONTHS = 12


def window(today: date | None = None, months: int = MONTHS) -> list[date]:
    """The first days of the last `months` months (Asia/Shanghai), this month last."""
    today = today or timezone.localdate()
    out = []
    year, month = today.year, today.month
    for _ in range(months):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def window_before(months: list[date]) -> list[date]:
    """As many months, ending the month before `months` begins: the period to set beside it."""
    return window(months[0] - timedelta(days=1), len(months))
