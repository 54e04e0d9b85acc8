"""What waits for the user among joint meetings, for the home page's 待办 panel (see console.views.home):
the meetings they prepare that take place within a week."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.meetings import nav


def todo(user: Any) -> list[dict[str, Any]]:
    count = nav.coming_soon(user)
    if not count:
        return []
    return [{"label": "7 日内召开的联席会议", "count": count, "url": f"{reverse('meetings:list')}?status=planned"}]
