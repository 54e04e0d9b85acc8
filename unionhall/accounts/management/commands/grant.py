"""manage.py grant USERNAME --org CODE --role ROLE [--create]: give a user a role at an org unit."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.accounts import services
from unionhall.accounts.models import User
from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError
from unionhall.orgs.commands import add_org_option, org_of
from unionhall.orgs.models import Role

ROLE_HELP = "；".join(f"{value}（{label}）" for value, label in Role.choices)


class Command(BaseCommand):
    help = (
        "授予用户在某组织的角色；--create 时先创建用户。新用户的密码从标准输入读取（一行），"
        "标准输入为空或是终端时自动生成并打印。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        add_org_option(parser)
        parser.add_argument("--role", required=True, choices=Role.values, metavar="ROLE", help=f"角色：{ROLE_HELP}")
        parser.add_argument("--create", action="store_true", help="用户不存在时创建")
        parser.add_argument("--name", default="", help="新用户的姓名")

    def handle(self, *args: Any, **options: Any) -> None:
        org = org_of(options["org"])
        username = options["username"]
        user = User.objects.filter(username=username).first()
        generated = None
        try:
            if user is None:
                if not options["create"]:
                    raise CommandError(f"用户 {username} 不存在；加 --create 创建。")
                password = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.readline().strip()
                if not password:
                    password = generated = services.generate_password()
                user = services.user_create(
                    actor=SystemActor("manage.py grant"),
                    username=username,
                    password=password,
                    display_name=options["name"],
                    role=options["role"],
                    org=org,
                )
                self.stdout.write(f"已创建用户 {username}")
            else:
                services.grant_add(actor=SystemActor("manage.py grant"), user=user, role=options["role"], org=org)
        except DomainError as e:
            details = " ".join(m for msgs in e.field_errors.values() for m in msgs)
            raise CommandError(f"{e.message} {details}".strip()) from None
        self.stdout.write(f"已授予 {username}：{Role(options['role']).label} @ {org.name}（{org.code}）")
        if generated:
            self.stdout.write(f"初始密码：{generated}")
