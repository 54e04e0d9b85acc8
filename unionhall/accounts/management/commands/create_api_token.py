"""manage.py create_api_token USERNAME [--name NAME]: a bearer token, printed alone on the last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.accounts import services
from unionhall.accounts.models import User
from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError


class Command(BaseCommand):
    help = "为用户生成 API 令牌（只显示一次；数据库只存摘要）。撤销：manage.py revoke_api_token 前缀。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="令牌用途，如“人社局对接”")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在。")
        try:
            token, plain = services.api_token_create(
                actor=SystemActor("manage.py create_api_token"), user=user, name=options["name"]
            )
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stderr.write(f"令牌前缀 {token.prefix}（撤销时使用）。请妥善保存，令牌不会再次显示：")
        self.stdout.write(plain)
