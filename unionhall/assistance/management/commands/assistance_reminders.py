"""Remind who answers for each newly overdue archive, and print one JSON line: per unit, how many archives
are overdue or due soon for 年审 and for the follow-up visit after exit, and how many were reminded. Thin:
the reminding is assistance.reminders, the counting assistance.selectors.reminders_by_org; a scheduler runs
it daily."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from unionhall.assistance import selectors
from unionhall.assistance.reminders import archive_reminders
from unionhall.core.actors import SystemActor


class Command(BaseCommand):
    help = "困难职工档案到期提醒：逾期的年审、回访每期提醒负责干部一次，按工会统计逾期和即将到期的数量（输出一行 JSON）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="按哪一天计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        reminded = archive_reminders(today=today)
        by_org = selectors.reminders_by_org(SystemActor("assistance_reminders"), today=today)
        totals = {key: sum(counts[key] for counts in by_org.values()) for key in selectors.ReminderCounts().as_dict()}
        summary = {"date": today.isoformat(), "totals": totals, "by_org": by_org, "reminded": reminded}
        self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))
