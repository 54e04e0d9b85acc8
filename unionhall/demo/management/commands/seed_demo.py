"""manage.py seed_demo [--members N] [--seed S] [--if-empty]: the demo city, deterministic per seed."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.errors import DomainError
from unionhall.demo.seed import seed_demo
from unionhall.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "在空数据库中生成演示城市（苏州市总工会及其下属组织、用人单位、会员和每个角色的登录账号）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=2000, help="会员人数（默认 2000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子：同一种子生成同样的数据")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有组织树时什么也不做")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < 0:
            raise CommandError("--members 不能为负数。")
        if options["if_empty"] and OrgUnit.objects.exists():
            self.stdout.write("组织树已存在，跳过演示数据。")
            return
        started = time.monotonic()
        try:
            result = seed_demo(members=options["members"], seed=options["seed"])
        except DomainError as e:
            raise CommandError(e.message) from None
        result["seconds"] = round(time.monotonic() - started, 1)  # type: ignore[assignment]
        self.stdout.write(json.dumps(result, ensure_ascii=False))
