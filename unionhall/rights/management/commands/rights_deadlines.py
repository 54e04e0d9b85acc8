"""Run the rights deadline sweep (reminders, escalation of overdue cases, late risk acknowledgements) and
print one JSON line of counts; `--enqueue`, `--every N` as every sweep (core/sweeps.py). Thin: the work is
rights.sweep.deadline_sweep."""

from __future__ import annotations

from typing import Any

from unionhall.core.sweeps import SweepCommand
from unionhall.rights.sweep import deadline_sweep
from unionhall.rights.tasks import SWEEPER
from unionhall.rights.tasks import deadline_sweep as sweep_task


class Command(SweepCommand):
    help = "维权时限巡检：到期提醒、超期督办、预警签收超时（输出一行 JSON）"

    def sweep(self) -> dict[str, int]:
        return deadline_sweep(actor=SWEEPER).as_dict()

    def enqueue(self) -> Any:
        return sweep_task.enqueue()
