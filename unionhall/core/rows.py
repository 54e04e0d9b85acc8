"""Inserting a row that a unique constraint may refuse.

The checks before an insert cannot see a row another request is inserting at the same moment; the database's
constraint does. The insert runs in a savepoint, so the refusal leaves the caller's transaction usable and
the caller's audited block records the refusal it names (a Conflict in Chinese), not an IntegrityError.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction

from unionhall.core.audit import changed_fields
from unionhall.core.errors import DomainError


def create_unique[M: models.Model](model: type[M], refusal: DomainError, **values: Any) -> M:
    try:
        with transaction.atomic():
            return model._default_manager.create(**values)
    except IntegrityError:
        raise refusal from None


def save_values(obj: models.Model, values: dict[str, Any], *, also: tuple[str, ...] = ()) -> dict[str, list[Any]]:
    """Set checked `values` on a locked row and save just those columns (and `also`, e.g. `updated_at`);
    returns what changed, {field: [old, new]}, for the audit event."""
    changes = changed_fields(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*values, *also])
    return changes
