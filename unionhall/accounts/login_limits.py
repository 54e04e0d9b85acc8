"""Password attempts (PRODUCT.md §4): counted before the password is checked, locked per account AND
address, and per account alone only at a much higher threshold.

- Five wrong passwords within 15 minutes for one account from one address lock that account **at that
  address** for 15 minutes (a right password resets the count). The §4 rule "lock after 5 failures per
  account for 15 minutes", applied per address, so that "lockout cannot be turned on an account from an
  address that is not its own": the owner, elsewhere, still signs in (a city admin with the second factor).
- ACCOUNT_FAILURE_LIMIT wrong passwords within an hour from anywhere lock the account for an hour (a
  guesser spreading over many addresses). That lock does not apply at an address where the account
  signed in within USUAL_ADDRESS_DAYS **and** which holds a confirmed second factor: there the password
  alone opens nothing, so the owner is let through and the address's own limit still holds.

Each guess claims its attempts on the attempt guard (`core/attempts.py`) before `ModelBackend` checks the
password, so parallel guesses cannot exceed the limits. This replaces django-axes, whose check before and
count after the password check let 25 of 50 parallel wrong passwords be checked against a limit of 5, and
whose one failure limit cannot tell the account-and-address lock from the account's own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts.models import User
from unionhall.core import attempts, request_context, versions
from unionhall.core.attempts import Rule
from unionhall.core.models import AuditEvent

ACCOUNT_FAILURE_LIMIT = 50
USUAL_ADDRESS_DAYS = 90
AT_ADDRESS, ANYWHERE = attempts.secret_rules("password.account", anywhere=ACCOUNT_FAILURE_LIMIT)

MESSAGES = {
    AT_ADDRESS.name: "该账户在此地址连续 5 次登录失败，已在此地址锁定 15 分钟。本人可在常用网络登录，或稍后再试。",
    ANYWHERE.name: "该账户登录失败次数过多，已锁定 1 小时。已绑定动态口令的用户可在常用网络登录；或联系系统管理员解锁。",
}
REASONS = {AT_ADDRESS.name: "账户在此地址已锁定", ANYWHERE.name: "账户已锁定（各地址失败次数过多）"}
WRONG = "用户名或密码错误"


@dataclass(frozen=True)
class Refusal:
    rule: Rule
    until: datetime | None

    @property
    def message(self) -> str:
        return MESSAGES[self.rule.name]

    @property
    def reason(self) -> str:
        return REASONS[self.rule.name]


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return request_context.client_address.get() or "-"
    return request_context.client_ip(request.META) or "-"


def usual_address_with_second_factor(username: str, address: str) -> bool:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return False
    since = timezone.now() - timedelta(days=USUAL_ADDRESS_DAYS)
    return AuditEvent.objects.filter(
        actor=user, action="login", success=True, client_address=address, at__gte=since
    ).exists()


def claim(username: str, address: str) -> attempts.Claim:
    """Claim this guess's attempts; the account-wide one is skipped at the owner's usual address."""
    first = attempts.claim((AT_ADDRESS, f"{username}|{address}"))
    if not first.ok:
        return first
    second = attempts.claim((ANYWHERE, username))
    if not second.ok and not usual_address_with_second_factor(username, address):
        first.released()
        return second
    first.held += second.held
    return first


def refusal_of(request: Any) -> Refusal | None:
    return getattr(request, "login_refusal", None)


def unlock(username: str) -> None:
    """Forget the account's failures at every address and everywhere (the administrator's unlock)."""
    attempts.reset_all(AT_ADDRESS, username)
    attempts.reset(ANYWHERE, username)


class GuardedModelBackend(ModelBackend):
    """Django's password check, behind the attempt guard."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        held = claim(str(username)[:150], _address(request))
        if held.refused is not None:
            if request is not None:
                request.login_refusal = Refusal(held.refused, held.refused_until)  # type: ignore[attr-defined]
            raise PermissionDenied  # stops Django trying other backends; user_login_failed is still sent
        try:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        except BaseException:
            held.released()
            raise
        if user is None:
            held.failed()
        else:
            held.succeeded()
        return user

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, read once per change of the accounts (core/versions.py): every
        request asks. Each request gets its own copy, so what a request attaches to it stays its own."""
        read = super().get_user
        kept = versions.cached("signed_in_user", ("users",), str(user_id), lambda: read(user_id))
        return copy.copy(kept) if kept is not None else None
