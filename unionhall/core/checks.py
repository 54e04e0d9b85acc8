"""System checks that refuse a production start with the demo's relaxations still on (plugged in by apps.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags
from django.core.checks import register as register_check


def production_is_not_relaxed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Under UNIONHALL_ENV=production: no debug pages, and the city admin's second factor stays on.

    Settings already force both; this catches an override (a DEBUG=1 left in the environment, a settings
    patch) before the server starts, since `migrate` and `runserver` run the checks.
    """
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors: list[CheckMessage] = []
    if settings.DEBUG:
        errors.append(
            Error(
                "生产环境开启了 DEBUG：出错页面会泄露设置与数据。",
                hint="去掉环境变量 DEBUG，或设为 0。",
                id="unionhall.E001",
            )
        )
    if not settings.OTP_REQUIRED_FOR_CITY_ADMIN:
        errors.append(
            Error(
                "生产环境放宽了市总工会管理员的二次验证（OTP_REQUIRED_FOR_CITY_ADMIN = False）。",
                hint="只有本地演示可以放宽；生产环境必须要求动态口令。",
                id="unionhall.E002",
            )
        )
    return errors


def register() -> None:
    register_check(production_is_not_relaxed, Tags.security)
