"""Authorization specs of the team routes, collected by core/tests/test_authorization.py.

By hand from the app's rule: 东方机械公司工会 (U1)'s team 机加工一班 is seen (`innovation.view`) by who reaches U1 —
the city admin, D1's reviewer and cadre, T1's cadre, U1's chair — and kept (`innovation.edit`) by the same but
the reviewer, who is refused with 403. 西方纺织 (U3) has a team of its own, 纺纱三班, that no D1 actor may see in a
list, an export or the ranking. The outsider (D2's cadre) and U3's chair open the list and the ranking of
their own reach only, and get 404 for U1's team.
"""

from __future__ import annotations

from typing import Any

from unionhall.teams.tests.support import FOREIGN, both
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

SEE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
KEEP = SEE - {"reviewer_d1"}
VIEW_ANYWHERE = SEE | {"outsider", "chair_u3"}
EDIT_ANYWHERE = VIEW_ANYWHERE - {"reviewer_d1"}
FOREIGN_NAMES = (FOREIGN, "西方纺织公司工会")
FORM = ("get", "post")


def listed(c: City) -> dict[str, Any]:
    both(c)
    return {}


def on_team(c: City) -> dict[str, Any]:
    return {"pk": both(c).pk}


def at_u1(c: City) -> dict[str, Any]:
    both(c)
    return {"pk": c.u1.pk}


ROUTES: dict[str, Route] = {
    "teams:list": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "teams:export": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=export_shows_none_of(FOREIGN_NAMES)),
    # An empty POST re-shows each form with its errors.
    "teams:create": Route(listed, statuses(EDIT_ANYWHERE, in_sight=VIEW_ANYWHERE), methods=FORM),
    "teams:team": Route(on_team, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "teams:edit": Route(on_team, statuses(KEEP, in_sight=SEE), methods=FORM),
    "teams:targets": Route(on_team, statuses(KEEP, in_sight=SEE), methods=FORM),
    "teams:actuals": Route(on_team, statuses(KEEP, in_sight=SEE), methods=FORM),
    "teams:ranking": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "teams:ranking_node": Route(at_u1, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
}
