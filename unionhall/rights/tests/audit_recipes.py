"""Audit recipes of the rights services, collected by core/tests/test_audit.py: cases
(audit_recipes_cases.py), risk reports (audit_recipes_risks.py) and the city's rules (audit_recipes_rules.py)."""

from __future__ import annotations

from unionhall.rights.tests import audit_recipes_cases, audit_recipes_risks, audit_recipes_rules

RECIPES = {**audit_recipes_cases.RECIPES, **audit_recipes_risks.RECIPES, **audit_recipes_rules.RECIPES}
