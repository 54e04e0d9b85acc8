"""A joint meeting's resolution is a supervised task (督办事项): its source kind, so the task's page links back
to the resolution and the agenda finds the tasks again (supervision.selectors.tasks_from)."""

from django.urls import reverse

from unionhall.supervision import sources

KIND = "meeting_resolution"


def register() -> None:
    sources.register(sources.SourceKind(KIND, "联席会议决议", url=lambda pk: reverse("meetings:resolution", args=[pk])))
