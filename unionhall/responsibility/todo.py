"""What waits for the user among fixed-point visits, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.responsibility import selectors


def todo(user: Any) -> list[dict[str, Any]]:
    """The user's own fixed points whose visit is overdue (listed on the overdue page, narrowed to them)."""
    count = selectors.my_overdue_count(user)
    if not count:
        return []
    return [
        {"label": "定点走访逾期", "count": count, "url": f"{reverse('responsibility:overdue')}?mine=on", "warn": True}
    ]
