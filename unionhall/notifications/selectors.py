"""Reads of messages: always the user's own, never anyone else's (a message of another user answers 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from unionhall.core import versions
from unionhall.core.errors import NotFound
from unionhall.notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user: Any) -> int:
    """The bell's figure on every page: kept until a message is written or read (core/versions.py)."""
    if not getattr(user, "pk", None):
        return 0
    return versions.cached("unread", ("notifications",), user.pk, lambda: _unread(user))


def _unread(user: Any) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def notification_for_user_or_404(user: Any, pk: Any) -> Notification:
    try:
        return notifications_for(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
