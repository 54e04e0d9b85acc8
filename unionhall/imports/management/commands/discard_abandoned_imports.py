"""discard_abandoned_imports: discard import jobs left uncommitted longer than IMPORT_ABANDONED_DAYS."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.core.actors import SystemActor
from unionhall.imports.abandoned import abandoned_days, discard_abandoned


class Command(BaseCommand):
    help = "丢弃超过期限（IMPORT_ABANDONED_DAYS，默认 7 天）未提交的导入任务并删除其上传文件；输出一行 JSON。"

    def handle(self, *args: Any, **options: Any) -> None:
        discarded = discard_abandoned(actor=SystemActor("manage.py discard_abandoned_imports"))
        self.stdout.write(json.dumps({"days": abandoned_days(), "discarded": discarded}))
