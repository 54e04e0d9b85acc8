"""What waits for the user among supervised tasks, for the home page's 待办 panel (see console.views.home):
the tasks they answer for, and of those the overdue ones."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.supervision import selectors


def todo(user: Any) -> list[dict[str, Any]]:
    liaison = selectors.liaison_of(user)
    if liaison is None and not access.has_cap_anywhere(user, Cap.TASK_VIEW):
        return []
    mine = selectors.mine(user, selectors.tasks_for(user))
    if liaison is not None:
        listing = reverse("supervision:liaison_home")
        open_url = overdue_url = listing
    else:
        listing = reverse("supervision:tasks")
        open_url = f"{listing}?{urlencode({'status': 'active', 'responsible': 'mine'})}"
        overdue_url = f"{open_url}&overdue=on"
    items = [
        {"label": "我负责的督办事项", "count": selectors.active(mine).count(), "url": open_url},
        {"label": "我负责的督办事项已超期", "count": selectors.overdue(mine).count(), "url": overdue_url, "warn": True},
    ]
    return [item for item in items if item["count"]]
