"""What waits for the user among online applications, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def todo(user: Any) -> list[dict[str, Any]]:
    """Applications routed to a union the user reviews for (member.edit), not yet decided."""
    if not access.has_cap_anywhere(user, Cap.MEMBER_EDIT):
        return []
    waiting = JoinApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
    count = access.scope_queryset(user, Cap.MEMBER_EDIT, waiting, "org").count()
    url = f"{reverse('joining:applications')}?status={ApplicationStatus.SUBMITTED}"
    return [{"label": "网上入会申请待审核", "count": count, "url": url}] if count else []
