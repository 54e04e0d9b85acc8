"""What waits for the user among innovation submissions, for the home page's 待办 panel: the submissions
newly filed in their reach that they may send to review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.innovation import nav


def todo(user: Any) -> list[dict[str, Any]]:
    count = nav.waiting(user)
    if not count:
        return []
    return [{"label": "待送评审的创新成果", "count": count, "url": f"{reverse('innovation:list')}?status=submitted"}]
