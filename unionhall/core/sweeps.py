"""A periodic sweep as a management command, once for every module that has one (the rights deadlines, the
supervised tasks' reminders): run it once and print one JSON line of counts, hand it to the task worker with
`--enqueue`, or repeat it every N seconds with `--every N` (a simple scheduler for the local demo).

    class Command(SweepCommand):
        help = "…"
        def sweep(self) -> dict[str, int]: return deadline_sweep(actor=SWEEPER).as_dict()
        def enqueue(self) -> Any: return deadline_sweep_task.enqueue()
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand


class SweepCommand(BaseCommand):
    def sweep(self) -> dict[str, int]:
        raise NotImplementedError

    def enqueue(self) -> Any:
        """The task's enqueued result (its `id` is printed)."""
        raise NotImplementedError

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行")
        parser.add_argument("--every", type=int, default=0, help="每隔 N 秒重复执行（0 表示只执行一次）")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            if options["enqueue"]:
                self.stdout.write(json.dumps({"enqueued": str(self.enqueue().id)}))
            else:
                self.stdout.write(json.dumps(self.sweep(), sort_keys=True))
            if options["every"] <= 0:
                return
            time.sleep(options["every"])
