"""Run the supervised tasks' deadline sweep (reminders before the due date, overdue notices) and print one
JSON line of counts; `--enqueue`, `--every N` as every sweep (core/sweeps.py). Thin: the work is
supervision.sweep.deadline_sweep."""

from __future__ import annotations

from typing import Any

from unionhall.core.sweeps import SweepCommand
from unionhall.supervision.sweep import deadline_sweep
from unionhall.supervision.tasks import SWEEPER
from unionhall.supervision.tasks import deadline_sweep as sweep_task


class Command(SweepCommand):
    help = "督办事项时限巡检：到期前提醒、超期通知（输出一行 JSON）"

    def sweep(self) -> dict[str, int]:
        return deadline_sweep(actor=SWEEPER).as_dict()

    def enqueue(self) -> Any:
        return sweep_task.enqueue()
