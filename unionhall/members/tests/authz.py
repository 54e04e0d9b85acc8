"""Authorization specs of the members app's routes, collected by core/tests/test_authorization.py."""

from __future__ import annotations

from unionhall.core.tests.authz_support import Route

ROUTES: dict[str, Route] = {}
