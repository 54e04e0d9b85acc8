"""Writing rows: an insert that a unique constraint may refuse, a new record numbered from its id, and an update
of the fields a service lets its caller change.

The checks before an insert cannot see a row another request is inserting at the same moment; the database's
constraint does. The insert runs in a savepoint, so the refusal leaves the caller's transaction usable and
the caller's audited block records the refusal it names (a Conflict in Chinese), not an IntegrityError.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from unionhall.core.audit import changed_fields
from unionhall.core.errors import DomainError, ValidationError


def create_unique[M: models.Model](model: type[M], refusal: DomainError, **values: Any) -> M:
    try:
        with transaction.atomic():
            return model._default_manager.create(**values)
    except IntegrityError:
        raise refusal from None


def save_numbered(obj: models.Model, prefix: str, digits: int) -> None:
    """Insert a new record and give it its number `no`: the prefix, this year and the id, zero-padded to
    `digits` (WQ20260000123). The id comes with the insert, so the row goes in under a placeholder first."""
    obj.no = f"TMP{timezone.now():%H%M%S%f}"  # type: ignore[attr-defined]
    obj.save()
    obj.no = f"{prefix}{timezone.localdate():%Y}{obj.pk:0{digits}d}"  # type: ignore[attr-defined]
    obj.save(update_fields=["no"])


def only_editable(fields: Iterable[str], editable: Iterable[str]) -> None:
    """Refuse a change that names a field the service does not let its caller change."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValidationError(f"不可修改的字段：{', '.join(sorted(unknown))}")


def save_values(obj: models.Model, values: dict[str, Any], *, also: tuple[str, ...] = ()) -> dict[str, list[Any]]:
    """Set checked `values` on a locked row and save just those columns (and `also`, e.g. `updated_at`);
    returns what changed, {field: [old, new]}, for the audit event."""
    changes = changed_fields(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*values, *also])
    return changes


def set_checked(
    obj: models.Model,
    fields: dict[str, Any],
    editable: Iterable[str],
    check: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, list[Any]]:
    """A partial edit of a locked row: its `editable` fields as they stand with the given `fields` over them,
    checked whole by `check` (which returns the values to keep), then set on the row, unsaved (the caller
    saves, with its own extra columns). Returns what the given fields change, {field: [old, new]}."""
    values = check({name: getattr(obj, name) for name in editable} | fields)
    changes = changed_fields(obj, {k: values[k] for k in fields})
    for name, value in values.items():
        setattr(obj, name, value)
    return changes
