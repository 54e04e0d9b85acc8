"""A skills contest's entrant goes before the contest's judging panel: its subject kind, so the panel knows the
entrant's union (the own-union rule), how the entrant reads (by contest and entrant number: judges score
blind) and where the contest's page is (panels/subjects.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.panels import subjects

KIND = "contest_entrant"


def _entrant(pk: int) -> Any:
    from unionhall.contests.models import Entrant

    return Entrant.objects.select_related("org", "contest").filter(pk=pk).first()


def _org(pk: int) -> Any:
    found = _entrant(pk)
    return found.org if found is not None else None


def _title(pk: int) -> str:
    found = _entrant(pk)
    return f"{found.contest.title} {found.label}" if found is not None else str(pk)


def _url(pk: int) -> str:
    from unionhall.contests.models import Entrant

    contest = Entrant.objects.filter(pk=pk).values_list("contest_id", flat=True).first()
    return reverse("contests:contest", args=[contest]) if contest is not None else ""


def _summary(pk: int) -> list[tuple[str, str]]:
    """What a judge reads: the contest, the trade, the entrant number and the practice items (not the name nor
    the union: the judges score by number)."""
    from unionhall.contests.models import ItemKind

    e = _entrant(pk)
    if e is None:
        return []
    items = e.contest.items.filter(kind=ItemKind.PRACTICE)
    return [
        ("技能竞赛", e.contest.title),
        ("工种", e.contest.trade),
        ("参赛编号", f"{e.number:03d}"),
        ("实操项目", "；".join(f"{i.name}（满分 {i.max_score}）" for i in items)),
    ]


def register() -> None:
    subjects.register(subjects.SubjectKind(KIND, "技能竞赛选手", org=_org, title=_title, url=_url, summary=_summary))
