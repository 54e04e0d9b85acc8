"""What waits for the user among review panels, for the home page's 待办 panel: subjects to score."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.panels import selectors


def todo(user: Any) -> list[dict[str, Any]]:
    count = selectors.to_score_count(user)
    if not count:
        return []
    return [{"label": "待评分的评审对象", "count": count, "url": reverse("panels:todo")}]
