"""Authorization specs of the rights routes, collected by core/tests/test_authorization.py: the case pages
(authz_cases.py), the risk report and rules pages (authz_risks.py) and the API (authz_api.py)."""

from __future__ import annotations

import importlib
from typing import Any

ROUTES: dict[str, Any] = {}
for _part in ("authz_cases", "authz_risks", "authz_api"):
    try:
        ROUTES.update(importlib.import_module(f"unionhall.rights.tests.{_part}").ROUTES)
    except ModuleNotFoundError as error:  # a part not written yet
        if error.name != f"unionhall.rights.tests.{_part}":
            raise
