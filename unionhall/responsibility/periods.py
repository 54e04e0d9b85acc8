"""A fixed point's visit periods: calendar months, quarters, half-years or years, aligned to the year, so a
cadre and the federation count the same periods. Pure: dates in, dates out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from unionhall.workcalendar.workdays import add_months


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day, when the visit falls due

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if months == 1:
            return f"{self.start:%Y}年{self.start.month}月"
        if months == 3:
            return f"{self.start:%Y}年第{(self.start.month - 1) // 3 + 1}季度"
        if months == 6:
            return f"{self.start:%Y}年{'上' if self.start.month == 1 else '下'}半年"
        return f"{self.start:%Y}年"


def period_of(day: date, months: int) -> Period:
    """The period of `months` months that `day` lies in."""
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(start, add_months(start, months) - timedelta(days=1))


def previous(period: Period, months: int) -> Period:
    return period_of(period.start - timedelta(days=1), months)


def periods_between(first: date, last: date, months: int) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, oldest first."""
    out: list[Period] = []
    p = period_of(first, months)
    while p.start <= last:
        out.append(p)
        p = period_of(p.end + timedelta(days=1), months)
    return out
