"""Authorization specs of the skills contest routes, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1–§2 and the app's rule: 东区's contest (entrants from 东方机械公司工会 U1 and 东一村工会
U2) is seen by who reaches its organizer or an entrant's union — the city admin, D1's reviewer and cadre, T1's
cadre (both unions lie under T1) and U1's chair — and kept by who holds `competition.manage` over 东区 (the
city admin, D1's cadre); the others who see it are refused its setup and steps with 403. 西区 runs a contest of
its own, with an entrant of 西方纺织公司工会 only, that no D1 actor may see; everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from unionhall.contests import services
from unionhall.contests.models import SkillsContest
from unionhall.contests.tests.support import contest, entrant, judge, judge_score, seat, theory
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

VIEW_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
MANAGE_ANYWHERE = VIEW_ANYWHERE - {"reviewer_d1"}
SEE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
KEEP = {"city_admin", "cadre_d1"}
FOREIGN = "西区纺织挡车工技术比武"
FOREIGN_NAMES = (FOREIGN, "西方纺织公司工会")


def _both(c: City, *, start: bool = True) -> SkillsContest:
    contest(c, org=c.d2, title=FOREIGN, entrants=("u3",))
    return contest(c, start=start)


def running(c: City) -> dict[str, Any]:
    return {"pk": _both(c).pk}


def draft(c: City) -> dict[str, Any]:
    return {"pk": _both(c, start=False).pk}


def listed(c: City) -> dict[str, Any]:
    _both(c)
    return {}


def cancel_step(c: City) -> dict[str, Any]:
    return {"pk": _both(c).pk, "name": "cancel"}


def an_entrant(c: City) -> dict[str, Any]:
    return {"pk": entrant(_both(c), c.u1).pk}


def finished(c: City) -> SkillsContest:
    made = _both(c)
    a = judge("judge_far", c.d2)
    seat(made, a)
    for e in made.entrants.all():
        judge_score(made, e, a, 90, 9)
        theory(made, e, 80)
    return services.contest_finish(actor=c.users["cadre_d1"], contest=made, awarded_top=1)


def finished_contest(c: City) -> dict[str, Any]:
    return {"pk": finished(c).pk}


def finished_entrant(c: City) -> dict[str, Any]:
    return {"pk": entrant(finished(c), c.u1).pk}


FORM = ("get", "post")

ROUTES: dict[str, Route] = {
    "contests:list": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "contests:export": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=export_shows_none_of(FOREIGN_NAMES)),
    "contests:create": Route(expect=statuses(MANAGE_ANYWHERE, in_sight=VIEW_ANYWHERE), methods=FORM),
    "contests:contest": Route(running, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    # An empty POST re-shows each form with its errors.
    "contests:item_add": Route(draft, statuses(KEEP, in_sight=SEE), methods=FORM),
    "contests:entrant_add": Route(running, statuses(KEEP, in_sight=SEE), methods=FORM),
    "contests:judge_add": Route(running, statuses(KEEP, in_sight=SEE), methods=FORM),
    "contests:step": Route(cancel_step, statuses(KEEP, in_sight=SEE), methods=FORM),
    "contests:theory_enter": Route(an_entrant, statuses(KEEP, in_sight=SEE), methods=FORM),
    "contests:ranking": Route(running, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "contests:ranking_export": Route(running, statuses(SEE), no_foreign=export_shows_none_of(FOREIGN_NAMES)),
    "contests:ranking_pdf": Route(finished_contest, statuses(SEE)),
    "contests:certificate_pdf": Route(finished_entrant, statuses(SEE)),
}
