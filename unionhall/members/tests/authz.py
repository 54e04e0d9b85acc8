"""Authorization specs of the members app's routes, collected by core/tests/test_authorization.py.

The target member belongs to U1 (under D1/T1). Who holds which member capability, by hand from
PRODUCT.md §1: members are kept by grassroots staff and federation cadres, read by reviewers; an
information officer, the system admin, merchants and workers see no roster.
"""

from __future__ import annotations

import io
from typing import Any

from django.core import signing
from python_calamine import CalamineWorkbook

from unionhall.members import services
from unionhall.members.models import Membership
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.authz_support import ACTORS, Route, statuses
from unionhall.tests.city import City

SEE_MEMBER = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
EDIT_MEMBER = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}
MEMBERS_ANYWHERE = SEE_MEMBER | {"outsider", "chair_u3"}
EDIT_ANYWHERE = EDIT_MEMBER | {"outsider", "chair_u3"}
PUBLIC = dict.fromkeys(ACTORS, 200)


def _id(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


def members(city: City) -> tuple[Membership, Membership]:
    """One member in U1 and one in U3 (D2), for the target and for the foreign-row checks."""
    d1 = services.member_join(
        actor=SYSTEM, org=city.u1, person=services.PersonData(name="东一会员", id_number=_id("11010519900101001"))
    )
    services.member_join(
        actor=SYSTEM, org=city.u3, person=services.PersonData(name="西区会员", id_number=_id("11010519910101002"))
    )
    return d1, Membership.objects.get(org=city.u3)


def member_kwargs(city: City) -> dict[str, Any]:
    return {"pk": members(city)[0].pk}


def api_member_kwargs(city: City) -> dict[str, Any]:
    return {"member_id": members(city)[0].pk}


def list_kwargs(city: City) -> dict[str, Any]:
    members(city)
    return {}


def verify_kwargs(city: City) -> dict[str, Any]:
    from unionhall.members.cards import CARD_SALT

    m = members(city)[0]
    return {"token": signing.dumps({"m": m.pk, "n": m.member_no}, salt=CARD_SALT, compress=True)}


def page_has_no_d2_members(city: City, response: Any) -> None:
    text = response.content.decode()
    assert "东一会员" in text
    assert "西区会员" not in text


def export_has_no_d2_members(city: City, response: Any) -> None:
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    names = {row[1] for row in rows[1:]}
    assert names == {"东一会员"}


def api_has_no_d2_members(city: City, response: Any) -> None:
    names = {item["name"] for item in response.json()["items"]}
    assert names == {"东一会员"}


ROUTES: dict[str, Route] = {
    "members:list": Route(list_kwargs, statuses(MEMBERS_ANYWHERE), no_foreign=page_has_no_d2_members),
    "members:export": Route(list_kwargs, statuses(MEMBERS_ANYWHERE), no_foreign=export_has_no_d2_members),
    # Full numbers: a POST with a purpose; posted empty it shows the purpose form again (200) to who may.
    "members:export_unmasked": Route(list_kwargs, statuses(EDIT_ANYWHERE), methods=("post",)),
    "members:join": Route(expect=statuses(EDIT_ANYWHERE), methods=("get", "post")),
    "members:detail": Route(member_kwargs, statuses(SEE_MEMBER)),
    "members:reveal": Route(member_kwargs, statuses(EDIT_MEMBER, in_sight=SEE_MEMBER), methods=("post",)),
    "members:card": Route(member_kwargs, statuses(SEE_MEMBER)),
    "members:transfer": Route(member_kwargs, statuses(EDIT_MEMBER, in_sight=SEE_MEMBER), ("get", "post")),
    "members:status": Route(member_kwargs, statuses(EDIT_MEMBER, in_sight=SEE_MEMBER), ("get", "post")),
    "members:edit": Route(member_kwargs, statuses(EDIT_MEMBER, in_sight=SEE_MEMBER), ("get", "post")),
    "members:verify": Route(verify_kwargs, PUBLIC),
    "api:member_list": Route(list_kwargs, statuses(MEMBERS_ANYWHERE, anon=401), no_foreign=api_has_no_d2_members),
    "api:member_detail": Route(api_member_kwargs, statuses(SEE_MEMBER, anon=401)),
    "api:member_join": Route(
        expect=statuses(EDIT_MEMBER, ok=201, in_sight=SEE_MEMBER, anon=401),
        methods=("post",),
        body=lambda c: {"org": c.u1.pk, "name": "王五", "id_number": _id("11010519920101003")},
    ),
    "api:member_transfer": Route(
        api_member_kwargs,
        statuses({"city_admin", "cadre_d1", "cadre_t1"}, in_sight={"reviewer_d1"}, anon=401),
        methods=("post",),
        body=lambda c: {"org": c.u2.pk},
    ),
}


# --- transfer requests: U3 (D2) asks for the member of U1 -----------------------------------------------

SEE_REQUEST = SEE_MEMBER | {"outsider", "chair_u3"}  # the sending side (D1) and the asking side (D2)
SENDING_EDIT = EDIT_MEMBER  # may agree or refuse: member.edit over U1
ASKING_EDIT = {"city_admin", "outsider", "chair_u3"}  # may withdraw: member.edit over U3


def request_kwargs(city: City) -> dict[str, Any]:
    from unionhall.members import transfers

    member = members(city)[0]
    found = transfers.open_request(
        membership=member, to_org=city.u3, actor=city.users["chair_u3"], source="form", note="调动"
    )
    return {"pk": found.pk}


def api_request_kwargs(city: City) -> dict[str, Any]:
    return {"request_id": request_kwargs(city)["pk"]}


def list_with_requests(city: City) -> dict[str, Any]:
    """A request for U1's member made by U3: seen from both sides, by nobody else."""
    request_kwargs(city)
    return {}


TRANSFER_ROUTES: dict[str, Route] = {
    "members:transfer_requests": Route(list_with_requests, statuses(SEE_REQUEST), query="box=&status="),
    "members:transfer_request": Route(request_kwargs, statuses(SEE_REQUEST)),
    "members:transfer_approve": Route(
        request_kwargs, statuses(SENDING_EDIT, ok=302, in_sight=SEE_REQUEST), methods=("post",)
    ),
    "members:transfer_reject": Route(request_kwargs, statuses(SENDING_EDIT, in_sight=SEE_REQUEST), methods=("post",)),
    "members:transfer_cancel": Route(
        request_kwargs, statuses(ASKING_EDIT, ok=302, in_sight=SEE_REQUEST), methods=("post",)
    ),
    "api:transfer_request_list": Route(list_with_requests, statuses(SEE_REQUEST, anon=401)),
    "api:transfer_request_detail": Route(api_request_kwargs, statuses(SEE_REQUEST, anon=401)),
    "api:transfer_request_approve": Route(
        api_request_kwargs, statuses(SENDING_EDIT, in_sight=SEE_REQUEST, anon=401), methods=("post",)
    ),
    "api:transfer_request_reject": Route(
        api_request_kwargs,
        statuses(SENDING_EDIT, ok=400, in_sight=SEE_REQUEST, anon=401),
        methods=("post",),
        body=lambda c: {"reason": ""},
    ),
    "api:transfer_request_cancel": Route(
        api_request_kwargs, statuses(ASKING_EDIT, in_sight=SEE_REQUEST, anon=401), methods=("post",)
    ),
    # U3's staff (and D2's cadre) ask for U1's member; the city admin holds both unions, so for them it is
    # a one-step transfer and the request is refused (409); nobody else may even name U3.
    "api:transfer_request_create": Route(
        list_kwargs,
        {**statuses({"outsider", "chair_u3"}, ok=201, anon=401), "city_admin": 409},
        methods=("post",),
        body=lambda c: {"org": c.u3.pk, "name": "东一会员", "id_number": _id("11010519900101001")},
    ),
}
ROUTES.update(TRANSFER_ROUTES)
