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


def _summary(pk: int) -> list[tuple[str, str]]:
    """What a reviewer reads: the proposal itself (not who made it: the panel scores blind) and the similar
    submissions found when it was filed, by number and score, whether or not the reviewer may open the
    submission's page."""
    from unionhall.core.money import yuan_display
    from unionhall.innovation.models import Submission

    s = Submission.objects.select_related("org").filter(pk=pk).first()
    if s is None:
        return []
    rows = [
        ("类别", s.get_kind_display()),
        ("所属工会", s.org.name),
        ("申报形式", "团队" if s.members.count() > 1 else "个人"),
        ("主要内容", s.content),
        ("预计年创效", f"{yuan_display(s.expected_benefit_fen)} 元" if s.expected_benefit_fen is not None else "—"),
    ]
    # Numbers and scores only: a reviewer from elsewhere reads no other union's proposal through this.
    similar = [f"{x.other.no}（相似度 {x.score}）" for x in s.similar.select_related("other")]
    rows.append(("相似的已申报成果", "\n".join(similar) if similar else "申报时没有发现相似的成果。"))
    if s.flagged:
        rows.append(("疑似重复", "是：与已申报成果高度相似，请核对是否重复申报。"))
    return rows


def register() -> None:
    subjects.register(
        subjects.SubjectKind(
            KIND,
            "职工创新成果",
            org=_org,
            title=_title,
            url=lambda pk: reverse("innovation:submission", args=[pk]),
            summary=_summary,
        )
    )
