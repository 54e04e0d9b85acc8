"""What every page shows: the user's scope, the modules they may open, whether the demo relaxes 2FA."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from unionhall.orgs import access
from unionhall.orgs.access import Cap

# Built modules only; each appears when the user holds its capability somewhere.
MODULES = [
    ("组织", "orgs:tree", Cap.ORG_VIEW),
    ("用人单位", "orgs:employers", Cap.EMPLOYER_VIEW),
    ("审计日志", "core:audit", Cap.AUDIT_VIEW),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {"otp_relaxed": not settings.OTP_REQUIRED_FOR_CITY_ADMIN}
    if not user.is_authenticated:
        return context
    nav: list[dict[str, Any]] = [
        {"label": label, "url": reverse(name)} for label, name, cap in MODULES if access.has_cap_anywhere(user, cap)
    ]
    # /orgs/employers/ lies under /orgs/ too: only the longest matching module is the current one.
    matching = [item["url"] for item in nav if request.path.startswith(item["url"])]
    current = max(matching, key=len, default=None)
    for item in nav:
        item["active"] = item["url"] == current
    context["nav"] = nav
    context["scope_grants"] = access.grants_of(user)
    return context
