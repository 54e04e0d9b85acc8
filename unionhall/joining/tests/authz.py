"""Authorization specs of the joining app's routes, collected by core/tests/test_authorization.py.

The worker's pages are public: everybody gets them, anonymous included. The review pages follow the
members module (by hand from PRODUCT.md §1): applications under U1 are read by whoever reads U1's
members — a reviewer included — and decided by whoever keeps them; the reviewer gets 403 on a decision.
"""

from __future__ import annotations

from typing import Any

from unionhall.tests.authz_support import ACTORS, Route, statuses
from unionhall.tests.city import City
from unionhall.tests.factories import LI, WANG, submit

SEE_MEMBER = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
EDIT_MEMBER = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}
MEMBERS_ANYWHERE = SEE_MEMBER | {"outsider", "chair_u3"}
PUBLIC = dict.fromkeys(ACTORS, 200)


def applications(city: City) -> dict[str, Any]:
    """One application to U1 (E1's union) and one to U3 in D2, for the target and the foreign-row check."""
    own = submit(city, name="东一申请人", id_number=WANG, phone="13900000001")
    submit(city, name="西区申请人", id_number=LI, phone="13900000002", employer=city.e3)
    return {"pk": own.pk}


def list_kwargs(city: City) -> dict[str, Any]:
    applications(city)
    return {}


def page_has_no_d2_applications(city: City, response: Any) -> None:
    text = response.content.decode()
    assert "东一申请人" in text
    assert "西区申请人" not in text
    assert "西方纺织" not in text


def api_applications(city: City) -> dict[str, Any]:
    return {"application_id": applications(city)["pk"]}


def api_has_no_d2_applications(city: City, response: Any) -> None:
    names = {item["name"] for item in response.json()["items"]}
    assert names == {"东一申请人"}


ROUTES: dict[str, Route] = {
    "joining:join": Route(expect=PUBLIC, methods=("get", "post")),
    "joining:employers": Route(expect=PUBLIC, query="q=东方"),
    "joining:done": Route(expect=PUBLIC),
    "joining:status": Route(expect=PUBLIC, methods=("get", "post")),
    "joining:applications": Route(list_kwargs, statuses(MEMBERS_ANYWHERE), no_foreign=page_has_no_d2_applications),
    "joining:application": Route(applications, statuses(SEE_MEMBER)),
    "joining:approve": Route(applications, statuses(EDIT_MEMBER, ok=302, in_sight=SEE_MEMBER), ("post",)),
    "joining:reject": Route(applications, statuses(EDIT_MEMBER, in_sight=SEE_MEMBER), ("post",)),
    "api:join_application_list": Route(
        list_kwargs, statuses(MEMBERS_ANYWHERE, anon=401), no_foreign=api_has_no_d2_applications
    ),
    "api:join_application_detail": Route(api_applications, statuses(SEE_MEMBER, anon=401)),
    "api:join_application_approve": Route(
        api_applications, statuses(EDIT_MEMBER, in_sight=SEE_MEMBER, anon=401), ("post",), body=lambda c: {}
    ),
    "api:join_application_reject": Route(
        api_applications,
        statuses(EDIT_MEMBER, in_sight=SEE_MEMBER, anon=401),
        ("post",),
        body=lambda c: {"reason": "单位信息不符"},
    ),
}
