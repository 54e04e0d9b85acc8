"""manage.py migrate, which first moves a renamed app's tables and migration history to its new label
(core/renamed_apps.py), then migrates as Django does."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from unionhall.core.renamed_apps import follow_renamed_apps


class Command(migrate.Command):
    help = "迁移数据库；改过名的应用先把表、迁移记录和内容类型移到新标签下（见 unionhall/core/renamed_apps.py）。"

    def handle(self, *args: Any, **options: Any) -> None:
        # --plan and --check only look: they change nothing, so they see the database as it is.
        if not (options["plan"] or options["check_unapplied"]):
            for line in follow_renamed_apps(connections[options["database"]]):
                self.stdout.write(line)
        super().handle(*args, **options)
