"""Authorization specs of the data officer's pages: only a `user.manage` holder at the root (the system
admin, the city admin) sees or sets the retention periods; everyone else gets 404, like a missing page."""

from __future__ import annotations

from unionhall.tests.authz_support import Route, statuses

OFFICERS = {"city_admin", "sysadmin"}

ROUTES: dict[str, Route] = {
    "dataops:retention": Route(expect=statuses(OFFICERS), methods=("get", "post")),
}
