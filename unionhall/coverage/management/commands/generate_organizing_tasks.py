"""manage.py generate_organizing_tasks [--org CODE]: open a task for every new coverage gap (for a nightly job)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError
from unionhall.coverage import services
from unionhall.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "为覆盖缺口（达到规模未建会的单位、未建会的行政村和社区）生成建会任务；已有任务不重复生成。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", default="", help="组织编码（含下级）；默认整个组织树")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["org"].strip()
        org = OrgUnit.objects.filter(code=code).first() if code else OrgUnit.objects.filter(depth=1).first()
        if org is None:
            raise CommandError(f"没有编码为 {code} 的组织。" if code else "组织树尚无根节点。")
        try:
            created = services.organizing_tasks_generate(
                actor=SystemActor("manage.py generate_organizing_tasks"), org=org
            )
        except DomainError as e:
            raise CommandError(e.message) from None
        kinds = [t.kind for t in created]
        summary = {"org": org.code, "created": len(created), **{k: kinds.count(k) for k in sorted(set(kinds))}}
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
