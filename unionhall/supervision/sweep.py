"""The supervised tasks' deadline sweep (PRODUCT.md §4: every overdue item has a list and a reminder).

Run by the task `supervision.tasks.deadline_sweep` (or `manage.py supervision_deadlines`) every few minutes
or once a day:

- a task whose reminder day has come (SUPERVISION_REMIND_WORKDAYS working days before it falls due) and is
  not yet due is reminded once: its cadre, or its department's liaisons;
- a task past its due date is marked overdue once, and its responsible party and the supervising
  federation's cadres (who opened it) are told; it stays on the overdue list until it is closed.

"Once" holds under overlapping runs: each row is claimed by a conditional UPDATE (… WHERE reminded_at IS
NULL AND due_on = <read>), and only the run whose UPDATE changed the row notifies. A task reopened with a new
due date has its marks cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.notifications.services import notify
from unionhall.supervision import selectors
from unionhall.supervision.models import SupervisedTask
from unionhall.supervision.services import task_url


@dataclass
class SweepResult:
    reminded: int = 0
    overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"reminded": self.reminded, "overdue": self.overdue}


def _remind(task: SupervisedTask, now: datetime) -> bool:
    with transaction.atomic():
        claimed = SupervisedTask.objects.filter(pk=task.pk, reminded_at__isnull=True, due_on=task.due_on).update(
            reminded_at=now
        )
        if not claimed:
            return False
        notify(
            selectors.responsible_people(task),
            kind="supervision.task_due_soon",
            title=f"督办事项将于 {task.due_on:%m月%d日} 到期：{task.title}",
            body=task.org.name,
            url=task_url(task),
            sms=True,
        )
    return True


def _overdue(actor: Actor, task: SupervisedTask, now: datetime) -> bool:
    with transaction.atomic():
        claimed = SupervisedTask.objects.filter(pk=task.pk, overdue_at__isnull=True, due_on=task.due_on).update(
            overdue_at=now
        )
        if not claimed:
            return False
        with audited(actor=actor, action="task.overdue", org=task.org, obj=task) as event:
            notify(
                [*selectors.responsible_people(task), task.opened_by],
                kind="supervision.task_overdue",
                title=f"督办事项已超期：{task.title}",
                body=f"{task.org.name}，期限 {task.due_on:%Y-%m-%d} 已过，请尽快办结。",
                url=task_url(task),
                sms=True,
            )
            event.changes = {"due_on": task.due_on.isoformat()}
    return True


def deadline_sweep(*, actor: Actor, today: date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    now = timezone.now()
    result = SweepResult()
    tasks = selectors.active(SupervisedTask.objects.all()).select_related("org", "responsible_user", "opened_by")
    for task in tasks.filter(reminded_at__isnull=True, remind_on__lte=today, due_on__gte=today):
        result.reminded += _remind(task, now)
    for task in tasks.filter(overdue_at__isnull=True, due_on__lt=today):
        result.overdue += _overdue(actor, task, now)
    return result
