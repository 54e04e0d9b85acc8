"""Remind cadres of fixed-point visits falling due and overdue, and print one JSON line of counts.
`--enqueue` hands it to the task worker instead. Thin: the work is responsibility.reminders."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.responsibility.reminders import REMIND_DAYS, visit_reminders
from unionhall.responsibility.tasks import visit_reminders as reminders_task


class Command(BaseCommand):
    help = "定点走访提醒：到期前提醒与逾期提醒，每个周期各一次（输出一行 JSON）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行")
        parser.add_argument("--days", type=int, default=REMIND_DAYS, help="周期结束前几天提醒")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = reminders_task.enqueue()
            self.stdout.write(json.dumps({"enqueued": str(result.id)}))
            return
        counts = visit_reminders(days=options["days"]).as_dict()
        self.stdout.write(json.dumps(counts, sort_keys=True))
