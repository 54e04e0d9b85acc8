"""manage.py demo_logins: the demo accounts, their roles and scopes, and how to log in."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from unionhall.demo.seed import DEMO_USERS
from unionhall.orgs.models import Grant


class Command(BaseCommand):
    help = "列出演示账号（用户名、角色、范围）。"

    def handle(self, *args: Any, **options: Any) -> None:
        grants = {
            (g.user.username, g.role): g.org.name
            for g in Grant.objects.select_related("user", "org").filter(user__username__in=[u for u, *_ in DEMO_USERS])
        }
        self.stdout.write("\n工会之家 UnionHall 演示账号 — http://127.0.0.1:8000")
        source = "UNIONHALL_DEMO_PASSWORD" if os.environ.get("UNIONHALL_DEMO_PASSWORD") else "默认演示密码"
        self.stdout.write(f"密码（{source}）：{settings.DEMO_PASSWORD}\n")
        for username, _display, role, _code in DEMO_USERS:
            scope = grants.get((username, role))
            if scope:
                self.stdout.write(f"  {username:<15} {role.label:<16} {scope}")
        self.stdout.write("")
