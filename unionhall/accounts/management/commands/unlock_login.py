"""manage.py unlock_login USERNAME: lift the account's password lockouts at every address."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.accounts import services
from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError


class Command(BaseCommand):
    help = "解除账户因密码输错而被锁定的登录（所有地址）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = services.login_lock_reset(actor=SystemActor("manage.py unlock_login"), username=options["username"])
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(f"已解除 {user.username} 的登录锁定。")
