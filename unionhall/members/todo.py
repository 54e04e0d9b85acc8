"""What waits for the user in the members module, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.members import selectors
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def todo(user: Any) -> list[dict[str, Any]]:
    if not access.has_cap_anywhere(user, Cap.MEMBER_EDIT):
        return []
    count = selectors.transfers_to_decide(user).count()
    url = f"{reverse('members:transfer_requests')}?box=incoming&status=pending"
    return [{"label": "会员接转申请待同意", "count": count, "url": url}] if count else []
