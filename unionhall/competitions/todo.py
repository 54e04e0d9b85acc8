"""What waits for the user among labour competitions, for the home page's 待办 panel (see console.views.home):
the competitions they organize with results waiting for verification, linking to the list of exactly those
(the side navigation's badge counts the results themselves)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.competitions import selectors
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def todo(user: Any) -> list[dict[str, Any]]:
    if not access.has_cap_anywhere(user, Cap.COMPETITION_MANAGE):
        return []
    count = selectors.waiting(user).values("competition_id").distinct().count()
    if not count:
        return []
    return [{"label": "有待核定成绩的劳动竞赛", "count": count, "url": f"{reverse('competitions:list')}?waiting=1"}]
