"""Back up the database (pg_dump custom format, or the SQLite file), the uploads and a manifest of row counts
and checksums per table; print the backup directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.dataops.management.commands._common import run
from unionhall.dataops.services import backup_create


class Command(BaseCommand):
    help = "备份数据库、附件与校验清单（默认写入 var/backups/<时间>）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", type=Path, default=None, help="备份目录（须不存在）")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = run("backup", lambda actor: backup_create(actor=actor, directory=options["to"]))
        self.stdout.write(f"备份完成：{directory}")
