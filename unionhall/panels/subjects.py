"""What a panel scores: the registry of subject kinds.

A floor-3 module whose records go before a review panel (an innovation submission, a competition's entry, a
skills contest's entrant, later an honour's nominee) declares its kind once, at start-up (from its AppConfig's
plugs):

    subjects.register(subjects.SubjectKind(
        "innovation_submission", "职工创新成果",
        org=lambda pk: <the OrgUnit the record belongs to, or None>,
        label=lambda pk: "CX2026000012 数控刀具寿命提升",
        url=lambda pk: reverse("innovation:submission", args=[pk]),
    ))

The panel stores the kind's code and the record's id, never imports the module: the registry is how this
floor-2 mechanism asks a domain where a subject belongs (the own-union rule and the scope rule read it), how
it reads and where its page is. Modelled on `supervision/sources.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unionhall.core.errors import ValidationError


@dataclass(frozen=True)
class SubjectKind:
    code: str  # stored on the panel and its subjects (≤ 30 characters)
    label: str  # in Chinese, shown on the panel's page
    org: Callable[[int], Any]  # the subject's union (an OrgUnit), or None when the record is gone
    title: Callable[[int], str] = lambda pk: f"{pk}"  # how the subject reads on the panel's pages
    url: Callable[[int], str] | None = None  # the subject's own page, by its id
    # What a reviewer reads before scoring, as (label, text) rows: a reviewer from elsewhere may not see the
    # subject's own page (it is scoped to its union's reach), so the scoring form shows this instead.
    summary: Callable[[int], list[tuple[str, str]]] | None = None


_KINDS: dict[str, SubjectKind] = {}


def register(kind: SubjectKind) -> SubjectKind:
    if len(kind.code) > 30:
        raise TypeError(f"subject kind {kind.code}: at most 30 characters")
    _KINDS[kind.code] = kind
    return kind


def kind(code: str) -> SubjectKind:
    """The registered kind; a code nobody registers (a module removed since) reads as itself and has no org."""
    return _KINDS.get(code) or SubjectKind(code, code, org=lambda pk: None)


def kinds() -> list[SubjectKind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def checked(code: str) -> SubjectKind:
    if code not in _KINDS:
        raise ValidationError(field_errors={"kind": [f"未登记的评审对象类型：{code}"]})
    return _KINDS[code]


def summary(code: str, pk: int) -> list[tuple[str, str]]:
    found = _KINDS.get(code)
    if found is None or found.summary is None:
        return []
    return found.summary(pk)


def link(code: str, pk: int) -> str:
    found = _KINDS.get(code)
    if found is None or found.url is None:
        return ""
    return found.url(pk)
