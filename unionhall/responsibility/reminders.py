"""Reminders of fixed-point visits (PRODUCT.md §4: every overdue item has a list and a reminder).

Run daily by the task `responsibility.tasks.visit_reminders` (or `manage.py visit_reminders`):

- a point whose period ends within `days` days and has had no visit in it: its cadre is told once;
- a point whose last ended period had no visit, and none since (`selectors.overdue_points`): told once.

"Once" is per point, kind and period: each message is claimed by inserting a `VisitReminder` row under a
unique constraint, in the same transaction as the message, so a second or concurrent run sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from unionhall.notifications.services import notify
from unionhall.responsibility.models import Assignment, Frequency, Kind, VisitReminder, active_on
from unionhall.responsibility.periods import period_of
from unionhall.responsibility.selectors import overdue_points

# How many days before a period ends its cadre is reminded to visit.
REMIND_DAYS = 7


@dataclass
class Reminded:
    due_soon: int = 0
    overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"due_soon": self.due_soon, "overdue": self.overdue}


def _tell(point: Assignment, kind: str, due_on: date, title: str) -> bool:
    try:
        with transaction.atomic():
            VisitReminder.objects.create(assignment=point, kind=kind, due_on=due_on)
            notify(
                [point.cadre],
                kind=f"responsibility.visit_{kind}",
                title=title,
                body=f"定点联系单位：{point.org.name}（{point.get_frequency_display()}走访）",
                url=reverse("responsibility:assignment", args=[point.pk]),
                sms=True,
            )
    except IntegrityError:  # told already for this period (perhaps by a run alongside)
        return False
    return True


def visit_reminders(*, today: date | None = None, days: int = REMIND_DAYS) -> Reminded:
    today = today or timezone.localdate()
    done = Reminded()
    points = Assignment.objects.filter(active_on(today), kind=Kind.POINT).select_related("org", "cadre")
    for value in Frequency.values:
        current = period_of(today, int(value))
        if (current.end - today).days > days:
            continue
        waiting = (
            points.filter(frequency=value)
            .annotate(last_visit=Max("visits__visited_on"))
            .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=current.start))
        )
        for point in waiting:
            title = f"定点走访将于 {current.end:%m月%d日} 到期：{point.org.name}"
            done.due_soon += _tell(point, VisitReminder.Kind.DUE_SOON, current.end, title)
    late: Any
    for late in overdue_points(points, today=today):
        title = f"定点走访已逾期（应于 {late.due_on:%Y-%m-%d} 前走访）：{late.org.name}"
        done.overdue += _tell(late, VisitReminder.Kind.OVERDUE, late.due_on, title)
    return done
