"""What every page shows: the user's scope, the modules they may open, whether the demo relaxes 2FA."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from unionhall.accounts.middleware import offers_second_factor
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def modules() -> list[tuple[str, str, Cap]]:
    """Built modules only: each app's AppConfig.nav lists (order, label, url name, capability value)."""
    entries = []
    for config in apps.get_app_configs():
        for order, label, url_name, cap in getattr(config, "nav", ()):
            entries.append((order, label, url_name, Cap(cap)))
    return [(label, url_name, cap) for _, label, url_name, cap in sorted(entries)]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {"otp_relaxed": not settings.OTP_REQUIRED_FOR_CITY_ADMIN}
    if not user.is_authenticated:
        return context
    # A page open to holders of either of two capabilities is listed once per capability; it shows once.
    nav: list[dict[str, Any]] = []
    for label, name, cap in modules():
        url = reverse(name)
        if access.has_cap_anywhere(user, cap) and all(item["url"] != url for item in nav):
            nav.append({"label": label, "url": url})
    # /orgs/employers/ lies under /orgs/ too: only the longest matching module is the current one.
    matching = [item["url"] for item in nav if request.path.startswith(item["url"])]
    current = max(matching, key=len, default=None)
    for item in nav:
        item["active"] = item["url"] == current
    context["nav"] = nav
    context["scope_grants"] = access.grants_of(user)
    # 账户安全 (the authenticator page) only for those it is for; base.html shows the link under this flag.
    context["account_security"] = offers_second_factor(user)
    return context
