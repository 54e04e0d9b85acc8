"""Restore a backup into an empty database and media root, then verify it against its manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.base import BaseCommand

from unionhall.dataops.management.commands._common import run
from unionhall.dataops.services import backup_restore


class Command(BaseCommand):
    help = "从备份恢复到空数据库（默认当前配置的数据库）并按清单校验行数与校验和"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--into", default="", help="目标数据库 URL（默认当前配置的数据库）")
        parser.add_argument("--media-root", type=Path, default=None, help="附件恢复到的目录（默认 MEDIA_ROOT）")
        parser.add_argument("--force", action="store_true", help="目标不为空时仍然覆盖")

    def handle(self, *args: Any, **options: Any) -> None:
        into = dict(dj_database_url.parse(options["into"])) if options["into"] else None
        result = run(
            "restore",
            lambda actor: backup_restore(
                actor=actor,
                directory=options["directory"],
                into=into,
                media_root=options["media_root"],
                force=options["force"],
            ),
        )
        self.stdout.write(f"恢复完成，清单校验一致：{json.dumps(result, ensure_ascii=False)}")
