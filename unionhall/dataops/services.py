"""The data officer's actions: each is one audit event, taken by the system admin (or a command).

Who may act: a command (`SystemActor`) or a user holding `user.manage` at the city root — the system
admin (PRODUCT.md §1: users, keys, backups) and the city admin. None of these actions shows personal data:
the events count rows, never their contents.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from unionhall.core import pii
from unionhall.core.actors import Actor, SystemActor, user_of
from unionhall.core.audit import PendingEvent, audited, record
from unionhall.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from unionhall.dataops import backup, keys, retention
from unionhall.dataops.models import RetentionPolicy
from unionhall.orgs.access import Cap, holds_at_root


def _require_officer(actor: Actor) -> None:
    if not (isinstance(actor, SystemActor) or holds_at_root(actor, Cap.USER_MANAGE)):
        raise PermissionDenied("只有系统管理员可以执行数据管理操作。")


@contextmanager
def _long_running(*, actor: Actor, action: str) -> Iterator[PendingEvent]:
    """One event for a run whose work commits in batches of its own (a key rotation, a dump): the event
    is recorded when the run ends, success or failure, instead of in one transaction with all the work."""
    event = PendingEvent(actor=actor, action=action)
    try:
        _require_officer(actor)
        yield event
    except DomainError as error:
        record(event, success=False, reason=f"{error.code}: {error.message}")
        raise
    except Exception as error:
        record(event, success=False, reason=f"error: {type(error).__name__}: {error}"[:500])
        raise
    record(event, success=True)


def retention_policy_set(*, actor: Actor, kind: str, days: int) -> RetentionPolicy:
    with audited(actor=actor, action="retention_policy.set") as event:
        _require_officer(actor)
        if kind not in retention.KINDS:
            raise NotFound("没有这种记录类型。")
        minimum = retention.KINDS[kind].minimum_days
        if not isinstance(days, int) or not minimum <= days <= 36_500:
            raise ValidationError(field_errors={"days": [f"保存天数须在 {minimum} 至 36500 之间。"]})
        old = retention.days_for(kind)
        policy, _ = RetentionPolicy.objects.update_or_create(
            kind=kind, defaults={"days": days, "updated_by": user_of(actor)}
        )
        event.target(policy)
        event.changes = {"kind": kind, "days": [old, days]}
    return policy


def expired_records_purge(*, actor: Actor, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Purge every kind's records past its period: one transaction, one event with the count per kind."""
    now = now or timezone.now()
    with audited(actor=actor, action="expired_records.purge") as event:
        _require_officer(actor)
        counts: dict[str, int] = {}
        for name, kind in retention.KINDS.items():
            expired = kind.expired(retention.cutoff_for(name, now))
            counts[name] = expired.count() if dry_run else kind.purge(expired)
        event.changes = {"dry_run": dry_run, "purged": counts}
    return counts


def pii_keys_rotate(*, actor: Actor, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted column under the keyring's current key (`dataops/keys.py`)."""
    with _long_running(actor=actor, action="pii_keys.rotate") as event:
        if batch_size < 1:
            raise ValidationError(field_errors={"batch_size": ["每批行数须为正数。"]})
        pii.reset()
        counts = {
            f"{model._meta.label_lower}.{field.name}": keys.rotate_column(model, field, batch_size=batch_size)
            for model, field in keys.encrypted_columns()
        }
        event.changes = {"key_id": pii.keyring().current, "rotated": counts}
    return counts


def backup_create(*, actor: Actor, directory: Path | None = None) -> Path:
    directory = directory or Path(settings.VAR_DIR) / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")
    with _long_running(actor=actor, action="backup.create") as event:
        if directory.exists():
            raise ValidationError(field_errors={"directory": [f"备份目录 {directory} 已存在。"]})
        manifest = backup.backup_to(directory)
        event.changes = {
            "directory": str(directory),
            "tables": len(manifest["tables"]),
            "rows": sum(t["rows"] for t in manifest["tables"].values()),
            "media": len(manifest["media"]),
        }
    return directory


def backup_restore(
    *,
    actor: Actor,
    directory: Path,
    into: dict[str, Any] | None = None,
    media_root: Path | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Restore into an empty database (the configured one unless `into`), then verify the manifest."""
    with _long_running(actor=actor, action="backup.restore") as event:
        if not (directory / backup.MANIFEST).exists():
            raise NotFound(f"{directory} 不是备份目录（没有 {backup.MANIFEST}）。")
        target = into or dict(settings.DATABASES["default"])
        result = backup.restore_from(
            directory, into=target, media_root=media_root or Path(settings.MEDIA_ROOT), force=force
        )
        event.changes = {"directory": str(directory), "into": str(target["NAME"]), "force": force, **result}
    return result
