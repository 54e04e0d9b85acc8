"""The bell in the header: how many of the user's messages are unread."""

from __future__ import annotations

from typing import Any

from django import template

from unionhall.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    user = context.get("user")
    return unread_count(user) if user is not None and user.is_authenticated else 0
