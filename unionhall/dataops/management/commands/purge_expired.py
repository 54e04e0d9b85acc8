"""Purge the records past the city's retention periods (one audit event); print one JSON line of counts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.dataops.management.commands._common import run
from unionhall.dataops.services import expired_records_purge


class Command(BaseCommand):
    help = "按保存期限清理到期记录（--dry-run 只统计不删除），输出一行 JSON"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计将被清理的记录数")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        counts = run("purge_expired", lambda actor: expired_records_purge(actor=actor, dry_run=dry_run))
        self.stdout.write(json.dumps({"dry_run": dry_run, "purged": counts}, sort_keys=True))
