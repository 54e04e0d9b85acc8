"""Audit recipes of the rights services, collected by core/tests/test_audit.py: cases
(audit_recipes_cases.py), risk reports (audit_recipes_risks.py) and the city's rules (audit_recipes_rules.py)."""

from __future__ import annotations

import importlib
from typing import Any

RECIPES: dict[str, Any] = {}
for _part in ("audit_recipes_cases", "audit_recipes_risks", "audit_recipes_rules"):
    try:
        RECIPES.update(importlib.import_module(f"unionhall.rights.tests.{_part}").RECIPES)
    except ModuleNotFoundError as error:  # a part not written yet
        if error.name != f"unionhall.rights.tests.{_part}":
            raise
