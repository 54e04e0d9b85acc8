"""Write the city's default programmes (生活救助, 医疗救助, 送温暖, 金秋助学, 就业帮扶) where they are
missing. Idempotent: a programme whose code exists is left as the city set it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.core.actors import SystemActor
from unionhall.programmes.seeding import seed_programmes


class Command(BaseCommand):
    help = "写入默认帮扶项目（已有的编码不覆盖）。"

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_programmes(actor=SystemActor("seed_programmes"))
        self.stdout.write(json.dumps({"created": created}, ensure_ascii=False))
