"""Audit recipes of the data officer's services: a call that succeeds and one that is refused."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import override_settings

from unionhall.dataops import services
from unionhall.dataops.tests.support import fresh_database
from unionhall.tests.audit_support import SYSTEM, Recipe
from unionhall.tests.city import City

M = "unionhall.dataops.services."


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="uh-dataops-"))


def _backup_ok(c: City) -> Callable[[], Any]:
    where = _tmp()
    return lambda: _in_media(where, lambda: services.backup_create(actor=c.users["sysadmin"], directory=where / "b"))


def _in_media(where: Path, call: Callable[[], Any]) -> Any:
    with override_settings(MEDIA_ROOT=where / "media"):
        return call()


def _restore_ok(c: City) -> Callable[[], Any]:
    where = _tmp()
    _in_media(where, lambda: services.backup_create(actor=SYSTEM, directory=where / "b"))
    into = fresh_database(where, connection.vendor)
    return lambda: services.backup_restore(actor=SYSTEM, directory=where / "b", into=into, media_root=where / "m2")


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    M + "retention_policy_set": (
        lambda c: lambda: services.retention_policy_set(actor=c.users["sysadmin"], kind="login_code", days=60),
        lambda c: lambda: services.retention_policy_set(actor=c.users["sysadmin"], kind="login_code", days=0),
    ),
    M + "expired_records_purge": (
        lambda c: lambda: services.expired_records_purge(actor=SYSTEM),
        lambda c: lambda: services.expired_records_purge(actor=c.users["chair_u1"]),
    ),
    M + "pii_keys_rotate": (
        lambda c: lambda: services.pii_keys_rotate(actor=SYSTEM, batch_size=50),
        lambda c: lambda: services.pii_keys_rotate(actor=c.users["chair_u1"]),
    ),
    M + "backup_create": (
        _backup_ok,
        lambda c: lambda: services.backup_create(actor=c.users["chair_u1"], directory=_tmp() / "b"),
    ),
    M + "backup_restore": (
        _restore_ok,
        lambda c: lambda: services.backup_restore(actor=SYSTEM, directory=_tmp() / "none"),
    ),
}
