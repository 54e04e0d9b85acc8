"""Plugs the responsibility module's 督办 source into supervision: a problem raised on a visit becomes a task."""

from __future__ import annotations

from django.urls import reverse

from unionhall.responsibility.models import PROBLEM_SOURCE, VisitProblem
from unionhall.supervision import sources


def _problem_page(pk: int) -> str:
    # The problem has no page of its own: the task links back to the visit that raised it.
    visit_id = VisitProblem.objects.filter(pk=pk).values_list("visit_id", flat=True).first()
    return reverse("responsibility:visit", args=[visit_id]) if visit_id is not None else ""


def register() -> None:
    sources.register(sources.SourceKind(PROBLEM_SOURCE, "走访发现问题", url=_problem_page))
