"""What waits for the user among skills contests, for the home page's 待办 panel (see console.views.home): the
running contests they organize — theory scores to enter, judges' scores to follow, the contest to close —
linking to the list of exactly those."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.contests import selectors


def todo(user: Any) -> list[dict[str, Any]]:
    count = selectors.waiting_count(user)
    if not count:
        return []
    return [
        {"label": "进行中待录入成绩、待结束的技能竞赛", "count": count, "url": f"{reverse('contests:list')}?waiting=1"}
    ]
