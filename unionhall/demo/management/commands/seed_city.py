"""manage.py seed_city --members N [--seed S] [--if-empty]: the city data set of PRODUCT.md §5 for benchmarks."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.errors import DomainError
from unionhall.demo.city import seed_city
from unionhall.orgs.models import OrgUnit


class Command(BaseCommand):
    help = (
        "在空数据库中生成城市规模数据（苏州市真实区划；会员 N 人、基层工会 N/50 个、用人单位 N/20 家），"
        "供性能测试和压力测试使用。PostgreSQL 上用 COPY 批量写入。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1_000_000, help="会员人数（默认 1,000,000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子：同一种子生成同样的数据")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有组织树时什么也不做")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < 1:
            raise CommandError("--members 至少为 1。")
        if options["if_empty"] and OrgUnit.objects.exists():
            self.stdout.write("组织树已存在，跳过城市数据。")
            return
        started = time.monotonic()
        try:
            result = seed_city(members=options["members"], seed=options["seed"])
        except DomainError as e:
            raise CommandError(e.message) from None
        result["seconds"] = round(time.monotonic() - started, 1)  # type: ignore[assignment]
        self.stdout.write(json.dumps(result, ensure_ascii=False))
