"""Bearer tokens: made, looked up by digest, revoked."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from unionhall.accounts.models import ApiToken


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "uh_" + secrets.token_urlsafe(32)


def user_for_token(token: str) -> Any | None:
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    # Write the last-use time at most once a minute per token, so busy integrations don't write per call.
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
