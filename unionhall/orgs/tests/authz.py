"""The pickers' search endpoints under the scope rule (the tree's other routes are in core's table)."""

from __future__ import annotations

from typing import Any

from unionhall.tests.authz_support import EMPLOYERS_ANYWHERE, TREE_ANYWHERE, Route, statuses
from unionhall.tests.city import City


def no_d2_units(city: City, response: Any) -> None:
    codes = {item["code"] for item in response.json()["items"]}
    assert codes, "a D1 actor finds its own units"
    assert not codes & {city.d2.code, city.t2.code, city.u3.code}, "a unit of D2 leaked"


def no_d2_employers(city: City, response: Any) -> None:
    codes = {item["code"] for item in response.json()["items"]}
    assert city.e1.uscc in codes
    assert city.e3.uscc not in codes


ROUTES: dict[str, Route] = {
    "orgs:pick_units": Route(expect=statuses(TREE_ANYWHERE), query="q=工会", no_foreign=no_d2_units),
    "orgs:pick_employers": Route(expect=statuses(EMPLOYERS_ANYWHERE), query="q=有限公司", no_foreign=no_d2_employers),
}
