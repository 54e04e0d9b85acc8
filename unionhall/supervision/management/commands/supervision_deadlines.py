"""Run the supervised tasks' deadline sweep (reminders before the due date, overdue notices) and print one
JSON line of counts. `--enqueue` hands it to the task worker instead; `--every N` repeats it every N seconds.
Thin: the work is supervision.sweep.deadline_sweep."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.supervision.sweep import deadline_sweep
from unionhall.supervision.tasks import SWEEPER
from unionhall.supervision.tasks import deadline_sweep as sweep_task


class Command(BaseCommand):
    help = "督办事项时限巡检：到期前提醒、超期通知（输出一行 JSON）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行")
        parser.add_argument("--every", type=int, default=0, help="每隔 N 秒重复执行（0 表示只执行一次）")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            if options["enqueue"]:
                result = sweep_task.enqueue()
                self.stdout.write(json.dumps({"enqueued": str(result.id)}))
            else:
                self.stdout.write(json.dumps(deadline_sweep(actor=SWEEPER).as_dict(), sort_keys=True))
            if options["every"] <= 0:
                return
            time.sleep(options["every"])
