"""What waits for the user among imports, for the home page's 待办 panel (see console.views.home)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.imports import selectors
from unionhall.imports.models import JobStatus


def todo(user: Any) -> list[dict[str, Any]]:
    """Uploaded files whose columns are not confirmed yet, and checked files not committed: nothing of
    them is in the roster until someone finishes."""
    if not selectors.may_see_imports(user):
        return []
    jobs = selectors.job_list(user)
    listing = reverse("imports:list")
    items = [
        {
            "label": "导入文件待确认列",
            "count": jobs.filter(status=JobStatus.UPLOADED).count(),
            "url": f"{listing}?status={JobStatus.UPLOADED}",
        },
        {
            "label": "导入校验完成待提交",
            "count": jobs.filter(status=JobStatus.VALIDATED).count(),
            "url": f"{listing}?status={JobStatus.VALIDATED}",
        },
    ]
    return [item for item in items if item["count"]]
