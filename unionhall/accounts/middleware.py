"""Session limits (idle 30 min via the session's age, renewed at most once a minute; absolute 12 h) and the
city admin's second factor."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from unionhall.core import versions
from unionhall.orgs.access import roles_of
from unionhall.orgs.models import Role

LOGIN_AT = "unionhall_login_at"
RENEWED_AT = "unionhall_renewed_at"


def second_factor_missing(user: Any) -> bool:
    """True for a city admin who has not passed TOTP in this session (unless the local demo relaxes it)."""
    if not settings.OTP_REQUIRED_FOR_CITY_ADMIN or not user.is_authenticated:
        return False
    return Role.CITY_ADMIN in roles_of(user) and not user.is_verified()


# Roles that work in the tree on people's data. A worker (own pages, phone-code login) and a merchant's
# cashier (the counter) hold no such data and have nothing a second factor would protect beyond what their
# login already does, so the authenticator is neither required of them nor offered.
WITHOUT_SECOND_FACTOR = frozenset({Role.WORKER, Role.MERCHANT})


def offers_second_factor(user: Any) -> bool:
    """Whether 账户安全 (the authenticator page) is for this user: a staff role, or a device already bound."""
    if not user.is_authenticated:
        return False
    if roles_of(user) - WITHOUT_SECOND_FACTOR or user.is_superuser:
        return True
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # On every page of a worker's: kept until a device is bound or removed (core/versions.py).
    bound = lambda: TOTPDevice.objects.filter(user=user, confirmed=True).exists()  # noqa: E731
    return versions.cached("device_bound", ["otp_devices"], user.pk, bound)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = time.time()
            elif time.time() - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, "登录已超过 12 小时，请重新登录。")
                return redirect(settings.LOGIN_URL)
            _renew_when_due(request)
        return self.get_response(request)


def _renew_when_due(request: HttpRequest) -> None:
    """Touch the session when its last renewal is a minute old: the change makes SessionMiddleware save it,
    which moves its expiry 30 minutes on. Between renewals nothing is written."""
    now = time.time()
    renewed = request.session.get(RENEWED_AT)
    if renewed is None or now - float(renewed) >= settings.SESSION_RENEW_SECONDS:
        request.session[RENEWED_AT] = now


class SecondFactorMiddleware:
    ALLOWED_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/static/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.ALLOWED_PREFIXES) and second_factor_missing(request.user):
            return redirect("accounts:otp")
        return self.get_response(request)
