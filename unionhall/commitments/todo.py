"""What waits for the user among commitment cards, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.commitments import selectors


def todo(user: Any) -> list[dict[str, Any]]:
    """A cadre's own commitments of this year still in progress (their card, on the list narrowed to them)."""
    count = selectors.pending_count(user)
    if not count:
        return []
    return [{"label": "岗位承诺推进中", "count": count, "url": f"{reverse('commitments:cards')}?mine=on"}]
