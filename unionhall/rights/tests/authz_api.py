"""Authorization specs of /api/v1/rights/, collected through rights/tests/authz.py.

Written by hand from PRODUCT.md §2 and §3.4: cases are seen by the units that may read cases over the
handling union (its subtree's staff, the federations above, reviewers) and handled by all of them but
reviewers (403); information officers only report risks; the system admin, merchants, workers and users
without a grant see nothing (404); an outsider (D2) gets 404 on D1's cases. A risk report at U1 is
acknowledged by the federation above it (T1) or higher: U1's own union may read it but not acknowledge it
(404, since T1 lies outside its sight), a reviewer over D1 gets 403. Anonymous API calls answer 401.
"""

from __future__ import annotations

from typing import Any

from unionhall.rights.models import Case, CaseStatus
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City
from unionhall.tests.factories import case, risk

CASES_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
SEE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
HANDLE_U1 = SEE_U1 - {"reviewer_d1"}
RISKS_ANYWHERE = CASES_ANYWHERE | {"info_u1"}
RISKS_U1 = SEE_U1 | {"info_u1"}
REPORT_U1 = HANDLE_U1 | {"info_u1"}
ACKNOWLEDGE_U1 = {"city_admin", "cadre_d1", "cadre_t1"}
EAST, WEST = "东区欠薪案件", "西区欠薪案件"


def _two_sides(c: City) -> None:
    case(c.u1, summary=EAST)
    case(c.u3, summary=WEST)
    risk(c.u1)
    risk(c.u3)


def listing(c: City) -> dict[str, Any]:
    _two_sides(c)
    return {}


def at_u1(status: str = CaseStatus.RECEIVED, **extra: Any) -> Any:
    def kwargs(c: City) -> dict[str, Any]:
        _two_sides(c)
        return {"case_id": case(c.u1, status=status, **extra).pk}

    return kwargs


def shared_at_u1(c: City) -> dict[str, Any]:
    return {"case_id": case(c.u1, shared_with=c.u2).pk}


def risk_at_u1(c: City) -> dict[str, Any]:
    _two_sides(c)
    return {"risk_id": risk(c.u1).pk}


def cases_have_no_d2_rows(c: City, response: Any) -> None:
    summaries = {item["summary"] for item in response.json()["items"]}
    assert EAST in summaries and WEST not in summaries


def handled(c: City) -> dict[str, Any]:
    """A case at U1 handled by U1's chair, one at U3 handled by U3's."""
    for unit, chair in ((c.u1, "chair_u1"), (c.u3, "chair_u3")):
        Case.objects.filter(pk=case(unit).pk).update(handler=c.users[chair])
    return {}


def handlers_have_no_d2_rows(c: City, response: Any) -> None:
    ids = {item["id"] for item in response.json()["items"]}
    assert ids == {c.users["chair_u1"].pk}


def risks_have_no_d2_rows(c: City, response: Any) -> None:
    orgs = {item["org"]["id"] for item in response.json()["items"]}
    assert c.u1.pk in orgs and c.u3.pk not in orgs


def case_body(c: City) -> dict[str, Any]:
    return {
        "org": c.u1.pk,
        "category": "wage_arrears",
        "employer": c.e1.pk,
        "summary": "拖欠两个月工资",
        "contact_name": "李师傅",
    }


def risk_body(c: City) -> dict[str, Any]:
    return {"org": c.u1.pk, "kind": "layoff", "level": "yellow", "description": "拟裁员三十人", "affected_count": 30}


def api(allowed: set[str], *, ok: int = 200, in_sight: set[str] | None = None) -> dict[str, int]:
    return statuses(allowed, ok=ok, in_sight=in_sight, anon=401)


POST = ("post",)
ROUTES: dict[str, Route] = {
    "api:case_list": Route(listing, api(CASES_ANYWHERE), no_foreign=cases_have_no_d2_rows),
    "api:case_detail": Route(at_u1(), api(SEE_U1)),
    "api:case_share_list": Route(shared_at_u1, api(SEE_U1)),
    "api:case_handler_list": Route(handled, api(CASES_ANYWHERE), no_foreign=handlers_have_no_d2_rows),
    "api:case_create": Route(expect=api(HANDLE_U1, ok=201, in_sight={"reviewer_d1"}), methods=POST, body=case_body),
    "api:case_accept": Route(at_u1(), api(HANDLE_U1, in_sight=SEE_U1), POST),
    "api:case_transition": Route(
        at_u1(CaseStatus.IN_PROGRESS), api(HANDLE_U1, in_sight=SEE_U1), POST, body=lambda c: {"name": "start_mediation"}
    ),
    # 双向维权 reaches across the tree: U1's case shared with U3 in D2.
    "api:case_share": Route(at_u1(), api(HANDLE_U1, in_sight=SEE_U1), POST, body=lambda c: {"org": c.u3.pk}),
    "api:case_unshare": Route(shared_at_u1, api(HANDLE_U1, in_sight=SEE_U1), POST, body=lambda c: {"org": c.u2.pk}),
    "api:case_transfer": Route(
        at_u1(), api(HANDLE_U1, in_sight=SEE_U1), POST, body=lambda c: {"org": c.u2.pk, "reason": "职工在村办企业工作"}
    ),
    "api:case_close": Route(
        at_u1(CaseStatus.IN_PROGRESS),
        api(HANDLE_U1, in_sight=SEE_U1),
        POST,
        body=lambda c: {"outcome": "经调解补发工资", "wages_recovered": "3000.00"},
    ),
    "api:risk_list": Route(listing, api(RISKS_ANYWHERE), no_foreign=risks_have_no_d2_rows),
    "api:risk_detail": Route(risk_at_u1, api(RISKS_U1)),
    # Filing needs risk.report at the unit, which reviewers lack; they read risk reports there, so it is 403.
    "api:risk_create": Route(expect=api(REPORT_U1, ok=201, in_sight={"reviewer_d1"}), methods=POST, body=risk_body),
    "api:risk_acknowledge": Route(risk_at_u1, api(ACKNOWLEDGE_U1, in_sight={"reviewer_d1"}), POST),
}
