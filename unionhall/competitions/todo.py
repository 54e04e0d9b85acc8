"""What waits for the user among labour competitions, for the home page's 待办 panel (see console.views.home):
the results reported in competitions they organize, waiting for verification."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.competitions import selectors


def todo(user: Any) -> list[dict[str, Any]]:
    count = selectors.waiting_count(user)
    if not count:
        return []
    return [{"label": "待核定的竞赛成绩", "count": count, "url": f"{reverse('competitions:list')}?waiting=1"}]
