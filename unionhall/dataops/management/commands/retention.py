"""List the retention period of every kind of record, or set one (`--set KIND=DAYS`, audited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from unionhall.dataops import retention
from unionhall.dataops.management.commands._common import run
from unionhall.dataops.services import retention_policy_set


class Command(BaseCommand):
    help = "查看各类记录的保存期限；--set KIND=DAYS 修改一类（记入审计日志）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--set", default="", metavar="KIND=DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["set"]:
            kind, _, days = options["set"].partition("=")
            if not days.isdigit():
                raise CommandError("格式应为 --set KIND=DAYS，例如 --set login_code=60。")
            run("retention", lambda actor: retention_policy_set(actor=actor, kind=kind, days=int(days)))
        for name, kind_ in retention.KINDS.items():
            self.stdout.write(f"{name}\t{retention.days_for(name)} 天\t（最少 {kind_.minimum_days} 天）{kind_.label}")
