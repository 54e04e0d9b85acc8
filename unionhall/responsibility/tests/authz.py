"""Authorization specs of the responsibility routes, collected by core/tests/test_authorization.py.

Who holds which capability, by hand from PRODUCT.md §1 and §3.9: city admins and federation cadres see and
assign areas and points and log visits in their subtree; grassroots staff and reviewers read who answers for
their units; information officers, the system admin, merchants and workers see none of it. The city's lines
are changed only by who manages responsibility at the root.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.responsibility.models import Line, Visit, VisitProblem
from unionhall.responsibility.tests.support import area, point
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

SEE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
MANAGE_U1 = {"city_admin", "cadre_d1", "cadre_t1"}
VIEW_ANYWHERE = SEE_U1 | {"outsider", "chair_u3"}
MANAGE_ANYWHERE = MANAGE_U1 | {"outsider"}
D2_NAMES = ("西区总工会", "西一街道总工会", "西方纺织公司工会", "outsider")


def assigned(city: City) -> dict[str, Any]:
    """A point at U1 (cadre_t1) with a visit raising a problem, and an area and a point on D2's side."""
    p = point(city.users["cadre_t1"], city.u1, starts_on=date(2025, 1, 1))
    visit = Visit.objects.create(assignment=p, visited_on=date(2025, 2, 1), purpose="走访", findings="正常")
    problem = VisitProblem.objects.create(visit=visit, text="食堂卫生差")
    area(city.users["outsider"], city.t2)
    theirs = point(city.users["outsider"], city.u3, starts_on=date(2025, 1, 1))
    Visit.objects.create(assignment=theirs, visited_on=date(2025, 2, 2), purpose="西区走访", findings="正常")
    return {"point": p, "visit": visit, "problem": problem}


def on_point(city: City) -> dict[str, Any]:
    return {"pk": assigned(city)["point"].pk}


def on_visit(city: City) -> dict[str, Any]:
    return {"pk": assigned(city)["visit"].pk}


def on_problem(city: City) -> dict[str, Any]:
    return {"pk": assigned(city)["problem"].pk}


def on_cadre(city: City) -> dict[str, Any]:
    assigned(city)
    return {"pk": city.users["cadre_t1"].pk}


def everything(city: City) -> dict[str, Any]:
    assigned(city)
    return {}


page_has_no_d2_rows = page_shows_none_of(D2_NAMES)
export_has_no_d2_rows = export_shows_none_of(D2_NAMES)


ROUTES: dict[str, Route] = {
    "responsibility:map": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "responsibility:map_export": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "responsibility:mine": Route(everything, statuses(VIEW_ANYWHERE, ok=302)),
    "responsibility:cadre": Route(on_cadre, statuses(SEE_U1), no_foreign=page_has_no_d2_rows),
    "responsibility:assignment_new": Route(
        everything, statuses(MANAGE_ANYWHERE, in_sight={"reviewer_d1", "chair_u1", "chair_u3"})
    ),
    "responsibility:assignment": Route(on_point, statuses(SEE_U1)),
    "responsibility:assignment_edit": Route(on_point, statuses(MANAGE_U1, in_sight=SEE_U1)),
    "responsibility:assignment_end": Route(on_point, statuses(MANAGE_U1, ok=302, in_sight=SEE_U1), methods=("post",)),
    "responsibility:visit_new": Route(on_point, statuses(MANAGE_U1, in_sight=SEE_U1)),
    "responsibility:visits": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "responsibility:visits_export": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "responsibility:visit": Route(on_visit, statuses(SEE_U1)),
    "responsibility:problem_close": Route(on_problem, statuses(MANAGE_U1, ok=302, in_sight=SEE_U1), methods=("post",)),
    "responsibility:problem_supervise": Route(on_problem, statuses(MANAGE_U1, in_sight=SEE_U1)),
    "responsibility:overdue": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "responsibility:overdue_export": Route(everything, statuses(VIEW_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "responsibility:lines": Route(expect=statuses(VIEW_ANYWHERE)),
    "responsibility:line_edit": Route(
        lambda c: {"pk": Line.objects.get(code="rights").pk},
        statuses({"city_admin"}, in_sight=VIEW_ANYWHERE),
        methods=("get", "post"),
    ),
    "api:line_list": Route(expect=statuses(VIEW_ANYWHERE, anon=401)),
    "api:responsibility_who": Route(
        everything, statuses(SEE_U1, anon=401), query=lambda c: f"org={c.u1.pk}&line=rights"
    ),
}
