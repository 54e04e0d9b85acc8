"""Logins are audit events too; the absolute session limit starts at login."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from unionhall.accounts import login_limits
from unionhall.accounts.middleware import LOGIN_AT
from unionhall.core.audit import PendingEvent, record


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = time.time()
    event = PendingEvent(actor=user, action="login")
    event.target(user)
    record(event, success=True)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(PendingEvent(actor=user, action="logout"), success=True)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    # A guess refused by the attempt limits was never checked: the trail tells the two apart.
    refusal = login_limits.refusal_of(request)
    record(
        PendingEvent(actor=username or "anonymous", action="login"),
        success=False,
        reason=refusal.reason if refusal is not None else login_limits.WRONG,
    )
