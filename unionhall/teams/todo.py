"""What waits for the user in team cost management, for the home page's 待办 panel (see console.views.home):
the teams of the unions they keep that have not entered last month's actual costs, linking to the list of
exactly those."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.teams import periods, selectors


def todo(user: Any) -> list[dict[str, Any]]:
    if not access.has_cap_anywhere(user, Cap.INNOVATION_EDIT):
        return []
    last = periods.last()
    count = selectors.missing_actuals(user, last).count()
    if not count:
        return []
    return [
        {
            "label": f"未填报{periods.label(last)}实际成本的班组",
            "count": count,
            "url": f"{reverse('teams:list')}?missing={last}",
        }
    ]
