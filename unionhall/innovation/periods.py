"""When a submission counts: the year and month it was filed in, in Shanghai. The one definition the list's
filter and the dashboard (reports/innovation_selectors.py) share, so that a figure's link lists exactly the
submissions it counts."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Model, QuerySet
from django.utils import timezone

from unionhall.innovation.models import Status

# A submission adopted, whatever came after: implemented, its benefit verified, rewarded.
ADOPTED = (Status.ADOPTED, Status.IMPLEMENTED, Status.BENEFIT_VERIFIED, Status.REWARDED)
# A submission whose benefit a year is verified (创效已核定), rewarded or not yet.
VERIFIED = (Status.BENEFIT_VERIFIED, Status.REWARDED)
# The list's 进展 filter: a stage reached, whatever came after it.
REACHED = {"adopted": ADOPTED, "verified": VERIFIED}
REACHED_CHOICES = [("", "全部"), ("adopted", "已采纳（含之后各环节）"), ("verified", "创效已核定（含已奖励）")]


def bounds(year: int, month: int | None = None) -> tuple[datetime, datetime]:
    """The first instant of the year (or of its month) and of the next one, in Shanghai: a plain range on
    the filing time, the same on every engine."""
    first = date(year, month or 1, 1)
    if month is None or month == 12:
        after = date(year + 1, 1, 1)
    else:
        after = date(year, month + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), tz),
        timezone.make_aware(datetime.combine(after, time.min), tz),
    )


def filed_in[M: Model](qs: QuerySet[M], year: int, month: int | None = None, prefix: str = "") -> QuerySet[M]:
    """The rows of `qs` (submissions, or rows reaching one through `prefix`) filed in the year or month."""
    start, end = bounds(year, month)
    return qs.filter(**{f"{prefix}filed_at__gte": start, f"{prefix}filed_at__lt": end})
