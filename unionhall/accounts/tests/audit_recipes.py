"""Audit recipes of the accounts services beyond the core table in core/tests/test_audit.py."""

from __future__ import annotations

from unionhall.accounts import services
from unionhall.tests.audit_support import SYSTEM, Recipe

RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.accounts.services.login_lock_reset": (
        lambda c: lambda: services.login_lock_reset(actor=SYSTEM, username="cadre_d1"),
        lambda c: lambda: services.login_lock_reset(actor=SYSTEM, username="no-such-user"),
    ),
}
