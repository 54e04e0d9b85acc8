"""Remind cadres of fixed-point visits falling due and overdue, and print one JSON line of counts.
`--enqueue` hands it to the task worker instead, `--every N` repeats it (core/sweeps.py). Thin: the work is
responsibility.reminders."""

from __future__ import annotations

from typing import Any

from unionhall.core.sweeps import SweepCommand
from unionhall.responsibility.reminders import REMIND_DAYS, visit_reminders
from unionhall.responsibility.tasks import visit_reminders as reminders_task


class Command(SweepCommand):
    help = "定点走访提醒：到期前提醒与逾期提醒，每个周期各一次（输出一行 JSON）"
    days = REMIND_DAYS

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--days", type=int, default=REMIND_DAYS, help="周期结束前几天提醒")

    def handle(self, *args: Any, **options: Any) -> None:
        self.days = options["days"]
        super().handle(*args, **options)

    def sweep(self) -> dict[str, int]:
        return visit_reminders(days=self.days).as_dict()

    def enqueue(self) -> Any:
        return reminders_task.enqueue()
