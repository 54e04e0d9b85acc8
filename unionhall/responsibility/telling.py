"""Telling the cadre who answers for a unit's line that work has come up there (a risk reported, a case
overdue, an archive's 年审 late): every module asks `who_answers` and tells through this one door."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from unionhall.notifications.services import notify
from unionhall.orgs.models import OrgUnit
from unionhall.responsibility.answers import Answer, who_answers


def tell_who_answers(
    unit: OrgUnit,
    line: str,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    told: Iterable[Any] = (),
    sms: bool = False,
) -> Answer | None:
    """Notify who answers for `line` at `unit`, unless they are among `told` (already told of the same thing
    by the caller, so they hear of it once). Returns the answer, so the caller may name its basis."""
    answer = who_answers(unit, line)
    if answer is None or answer.user.pk in {getattr(u, "pk", None) for u in told}:
        return answer
    notify([answer.user], kind=kind, title=title, body=body, url=url, sms=sms)
    return answer
