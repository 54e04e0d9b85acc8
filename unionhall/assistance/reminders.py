"""Reminders of overdue 年审 and follow-up visits (PRODUCT.md §4: every overdue item has a list and a
reminder), run daily by `manage.py assistance_reminders`.

Each overdue archive is claimed once per period — the day its 年审 or follow-up fell due — by inserting an
`ArchiveReminder` under a unique constraint; the cadre who answers for the archive's union on the line 帮扶
(`who_answers`: its fixed point, area or default) is then told, in the same transaction. A cadre hears once
per run about all their newly overdue archives, with the counts: one message per archive would bury the bell
of a district's cadre on the day the yearly reviews fall due.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from unionhall.assistance import selectors
from unionhall.assistance.models import ArchiveReminder, AssistanceSettings, HardshipFile
from unionhall.core.actors import SystemActor
from unionhall.notifications.services import notify
from unionhall.responsibility.answers import Answers
from unionhall.responsibility.models import ASSISTANCE

SYSTEM = SystemActor("assistance_reminders")


def _claimed(file: HardshipFile, kind: str, due_on: date) -> bool:
    try:
        with transaction.atomic():
            ArchiveReminder.objects.create(file=file, kind=kind, due_on=due_on)
    except IntegrityError:  # reminded already for this period (perhaps by a run alongside)
        return False
    return True


def archive_reminders(*, today: date | None = None) -> int:
    """Tell who answers for each newly overdue archive; returns how many archive-periods were reminded."""
    today = today or timezone.localdate()
    cfg = AssistanceSettings.current()
    review = timedelta(days=cfg.review_interval_days)
    follow = timedelta(days=cfg.follow_up_days)
    new: list[tuple[HardshipFile, str]] = []
    with transaction.atomic():
        for f in selectors.overdue_reviews(SYSTEM, today=today):
            start = f.verified_on or f.approved_on
            if start is not None and _claimed(f, ArchiveReminder.Kind.REVIEW, start + review):
                new.append((f, ArchiveReminder.Kind.REVIEW))
        for f in selectors.overdue_follow_ups(SYSTEM, today=today):
            if f.exited_on is not None and _claimed(f, ArchiveReminder.Kind.FOLLOW_UP, f.exited_on + follow):
                new.append((f, ArchiveReminder.Kind.FOLLOW_UP))
        _tell(new, today)
    return len(new)


def _tell(new: list[tuple[HardshipFile, str]], today: date) -> None:
    answers = Answers(ASSISTANCE, paths=[f.org.path for f, _ in new], today=today)
    by_cadre: dict[int, tuple[Any, Counter[str]]] = {}
    for f, kind in new:
        answer = answers.of(f.org.path)
        if answer is not None:
            by_cadre.setdefault(answer.user.pk, (answer.user, Counter()))[1][kind] += 1
    for cadre, counts in by_cadre.values():
        parts = [f"{counts[k]} 户{label}" for k, label in ArchiveReminder.Kind.choices if counts[k]]
        notify(
            [cadre],
            kind="assistance.archive_overdue",
            title="困难职工档案逾期：" + "、".join(parts),
            body="按包片·定点·管线（帮扶），由您督促所负责的工会办理。",
            url=reverse("assistance:overdue"),
        )
