"""manage.py revoke_api_token PREFIX: revoke the tokens with this prefix."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.accounts import services
from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError


class Command(BaseCommand):
    help = "撤销 API 令牌（按创建时显示的前缀）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = services.api_token_revoke(actor=SystemActor("manage.py revoke_api_token"), prefix=options["prefix"])
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(f"已撤销 {count} 个令牌。")
