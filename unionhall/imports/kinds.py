"""The registry of import kinds: what a file can bring in, declared by the module that owns the data.

A kind names its fields (with header synonyms and how a cell is read), the validator that checks the
rows, the committer that writes them, the capability an importer needs and what the preview counts.
The imports app serves every registered kind the same way — upload, column mapping, preview, error
workbook, background task, command — and knows nothing of members or employers. A module registers its
kind from its AppConfig.ready (see members/import_kind.py, orgs/import_kind.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from unionhall.core.actors import Actor
from unionhall.core.errors import NotFound
from unionhall.orgs.access import Cap

if TYPE_CHECKING:
    from unionhall.imports.models import ImportJob
    from unionhall.imports.validation import Validation
    from unionhall.orgs.models import OrgUnit

Progress = Callable[[int], None]


class CellError(ValueError):
    """A cell's value is not one the field accepts; the message says so in Chinese."""


@dataclass(frozen=True)
class Field:
    """One column a kind can import. `normalize` reads a cell's text into the value (None: not stated)
    and raises CellError with a Chinese message for a value the field refuses; `mask` hides a personal
    number on the preview. Fields marked `in_template=False` are only compared, never asked for."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    note: str = ""
    normalize: Callable[[str], Any] | None = None
    mask: Callable[[str], str] | None = None
    in_template: bool = True


@dataclass
class Committed:
    """What a committer wrote: `outcome` holds at least "added" (and whatever the kind counts: created,
    updated, unchanged…); `not_in` names the valid rows that still did not go in, with the reason."""

    outcome: dict[str, Any]
    not_in: dict[int, str] = field(default_factory=dict)


class Tally:
    """The base of a committer's own outcome (a dataclass): `as_dict` gives its counts as they are and its
    lists of rows by their length, in field order, for the job's outcome and the audit event."""

    def as_dict(self) -> dict[str, int]:
        return {name: len(value) if isinstance(value, list) else value for name, value in vars(self).items()}


@dataclass(frozen=True)
class Context:
    """Where and by whom rows are checked: the validator may look at the database through them."""

    org: OrgUnit
    actor: Actor | None


# (result, data rows below the header, Excel number of the first of them, progress, context):
# fills result.rows, result.reports, result.valid and result.counts.
Validator = Callable[["Validation", Sequence[Sequence[Any]], int, "Progress | None", Context], None]
# (actor, job, validation, source text) → what was written; runs inside the job's transaction.
Committer = Callable[[Any, "ImportJob", "Validation", str], Committed]


@dataclass(frozen=True)
class Kind:
    key: str  # stored on ImportJob.kind (10 characters at most)
    label: str
    fields: tuple[Field, ...]
    capability: Cap  # needed at the target unit to import
    view_capability: Cap  # who sees the subject at all is refused with 403 rather than 404
    validate: Validator
    commit: Committer
    # kind-specific preview columns: (count key, label); a count of records found in another unit is
    # shown as a notice
    counts: tuple[tuple[str, str], ...] = ()
    added_label: str = "新增"
    # levels a target unit must have, and the refusal otherwise (None: any active unit)
    target_levels: tuple[str, ...] | None = None
    target_refusal: str = ""
    # rows found in another unit may be moved here ("接转"): the preview offers it, the command --transfer
    transfers: bool = False
    # rows the commit would leave out for the all-or-nothing rule besides rows with errors (records in
    # another unit not moved here); from the job's preview when no fresh validation is given
    left_out: Callable[[ImportJob, Validation | None], int] | None = None
    help: str = ""  # one line on the upload form: where this kind is imported to
    order: int = 100  # place among the kinds offered (the first is the upload form's default)

    def field_labels(self) -> dict[str, str]:
        return {f.key: f.label for f in self.fields}


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind (again with the same key replaces it, so a reloaded module does not fail)."""
    if len(kind.key) > 10:
        raise ValueError(f"import kind key too long: {kind.key}")
    _KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def get(key: str) -> Kind:
    found = _KINDS.get(key)
    if found is None:
        raise NotFound("没有这种导入类型。")
    return found


def exists(key: str) -> bool:
    return key in _KINDS


def all_kinds() -> list[Kind]:
    """In their `order`, not in the order the apps happened to register them."""
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))


def label_of(key: str) -> str:
    found = _KINDS.get(key)
    return found.label if found is not None else key
