"""manage.py create_city --code CODE --name NAME [--division CODE]: the root of the tree, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError
from unionhall.orgs import services
from unionhall.orgs.models import Division


class Command(BaseCommand):
    help = "创建组织树的根节点（市总工会）。只能运行一次；其余组织在页面上逐级新建。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="编码，如 SZ")
        parser.add_argument("--name", required=True, help="名称，如 苏州市总工会")
        parser.add_argument("--division", default="", help="所在区划代码（已用 load_divisions 载入），如 3205")

    def handle(self, *args: Any, **options: Any) -> None:
        division = None
        if options["division"]:
            division = Division.objects.filter(code=options["division"].ljust(12, "0")).first()
            if division is None:
                raise CommandError("没有这个区划代码：请先运行 load_divisions。")
        try:
            unit = services.orgunit_create_root(
                actor=SystemActor("manage.py create_city"),
                code=options["code"],
                name=options["name"],
                division=division,
            )
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(
            f"已创建 {unit.name}（{unit.code}）。授予管理员：manage.py grant 用户名 --org {unit.code} --role city_admin --create"
        )
