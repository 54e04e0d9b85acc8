"""An innovation submission goes before a review panel: its subject kind, so the panel knows its union (the
own-union rule), how it reads and where its page is (panels/subjects.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.panels import subjects

KIND = "innovation_submission"


def _org(pk: int) -> Any:
    from unionhall.innovation.models import Submission

    found = Submission.objects.select_related("org").filter(pk=pk).first()
    return found.org if found is not None else None


def _title(pk: int) -> str:
    from unionhall.innovation.models import Submission

    found = Submission.objects.filter(pk=pk).only("no", "title").first()
    return f"{found.no} {found.title}" if found is not None else str(pk)


def register() -> None:
    subjects.register(
        subjects.SubjectKind(
            KIND, "职工创新成果", org=_org, title=_title, url=lambda pk: reverse("innovation:submission", args=[pk])
        )
    )
