"""Authorization specs of the rights routes, collected by core/tests/test_authorization.py: the case pages
(authz_cases.py), the risk report and rules pages (authz_risks.py) and the API (authz_api.py)."""

from __future__ import annotations

from unionhall.rights.tests import authz_api, authz_cases, authz_risks

ROUTES = {**authz_cases.ROUTES, **authz_risks.ROUTES, **authz_api.ROUTES}
