"""manage.py coverage_snapshot [--year YYYY]: keep every unit's coverage figures as those of a year (run by the
scheduler on 1 January for the year just ended, which is the default)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError
from unionhall.coverage import services


def year_just_ended() -> int:
    """The year before today's in the city's time zone (Asia/Shanghai): 1 January 00:30 there is still
    31 December in UTC, and the year that ended is the city's."""
    return timezone.localdate().year - 1


class Command(BaseCommand):
    help = "保存各组织的覆盖年度快照（建会率、入会率等），供覆盖概览与上年比较；同一年度再次保存时替换该年度的快照。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="年度；默认刚结束的年度")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] if options["year"] is not None else year_just_ended()
        try:
            units = services.coverage_snapshot_take(actor=SystemActor("manage.py coverage_snapshot"), year=year)
        except DomainError as e:
            details = " ".join(m for messages in e.field_errors.values() for m in messages)
            raise CommandError(f"{e.message} {details}".strip()) from None
        self.stdout.write(json.dumps({"year": year, "units": units}, ensure_ascii=False))
