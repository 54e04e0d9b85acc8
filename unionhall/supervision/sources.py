"""Where a supervised task comes from: the registry of source kinds.

A module that opens tasks declares its kind once, at start-up (from its AppConfig's plugs):

    sources.register(sources.SourceKind("visit_problem", "走访发现问题", url=lambda pk: reverse(..., args=[pk])))

and names the row that made each task when it opens it (`Source(kind, id, label)`, passed to
`services.task_open`); `selectors.tasks_from(kind, id)` finds them again. The tasks store the kind's code,
never import the module: the registry is how a lower floor links up to pages it does not know.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from unionhall.core.errors import ValidationError


@dataclass(frozen=True)
class SourceKind:
    code: str  # stored on the task (≤ 30 characters)
    label: str  # shown on lists and the task's page, in Chinese
    url: Callable[[int], str] | None = None  # the page of the row that made the task, by its id


@dataclass(frozen=True)
class Source:
    """The row that made a task: its kind's code, its id in its own module (None for a manual task) and
    how it reads (「第 3 次联席会议 决议 2」)."""

    kind: str
    id: int | None = None
    label: str = ""


_KINDS: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    if len(kind.code) > 30:
        raise TypeError(f"source kind {kind.code}: at most 30 characters")
    _KINDS[kind.code] = kind
    return kind


def kind(code: str) -> SourceKind:
    """The registered kind, or the code itself as its label (a module removed since keeps its tasks)."""
    return _KINDS.get(code) or SourceKind(code, code)


def kinds() -> list[SourceKind]:
    return sorted(_KINDS.values(), key=lambda k: k.code != MANUAL.code)


def checked(source: Source) -> Source:
    if source.kind not in _KINDS:
        raise ValidationError(field_errors={"source": [f"未登记的督办来源：{source.kind}"]})
    return Source(source.kind, source.id, (source.label or "").strip()[:200])


def link(code: str, source_id: int | None) -> str:
    """The page of a task's source, where its kind has one."""
    found = _KINDS.get(code)
    if found is None or found.url is None or source_id is None:
        return ""
    return found.url(source_id)


# A task a federation cadre enters by hand: made by nothing else on the platform.
MANUAL = register(SourceKind("manual", "手工交办"))
