"""The scope rule on every write that moves a person between subtrees, for every role (issue 12): the roster
import, the join form, the join API, the transfer API and the transfer-request API all try to bring 张三 —
a member of U1 in D1, with the phone she verified — into U3 in D2, with another phone.

By hand from PRODUCT.md §2–§3.1: only a user whose reach holds both unions (the city admin) moves her in
one step; U3's own staff and D2's cadre may only ask (a pending request); nobody else even reaches U3. In
every case nothing of her person changes unless she was moved by someone who answers for her union, and no
answer names U1 to someone who cannot see it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from unionhall.core.errors import DomainError
from unionhall.members import services
from unionhall.members.models import Membership, Person, TransferRequest
from unionhall.tests.authz_support import ACTORS
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id

BODY17 = "11010519900101001"
PHONE, OTHER_PHONE = "13800001111", "13999990000"
BOTH = {"city_admin"}  # reach holds U1 and U3: a one-step transfer
ASKERS = {"chair_u3", "outsider"}  # member.edit over U3 only: a request
# who may read U1's name anyway: those who see its members, and its own information officer and worker
KNOWS_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "info_u1", "worker_u1"}


def zhang(city: City) -> Membership:
    return join(city.u1, "张三", BODY17, phone=PHONE)


def outcome(city: City, member: Membership) -> str:
    """Where 张三 stands after the attempt: moved, asked for, or untouched."""
    member.refresh_from_db()
    person = Person.objects.get(pk=member.person_id)
    if member.status == "transferred":
        return "moved"
    assert (member.status, member.org, person.phone) == ("active", city.u1, PHONE), "a refused write changed her"
    return "asked" if TransferRequest.objects.filter(status="pending").exists() else "untouched"


def expected(actor: str) -> str:
    return "moved" if actor in BOTH else "asked" if actor in ASKERS else "untouched"


def no_union_named(city: City, actor: str, text: str) -> None:
    if actor not in KNOWS_U1:
        assert city.u1.name not in text, f"{actor} was told which union holds 张三"


@pytest.mark.parametrize("actor", ACTORS)
def test_the_roster_import_moves_asks_or_is_refused_by_role(city: City, actor: str) -> None:
    member = zhang(city)
    person = services.PersonData(name="张三", id_number=valid_id(BODY17), phone=OTHER_PHONE)
    rows = [services.RosterRow(row=2, person=person, transfer=True)]
    user = city.users.get(actor)  # anonymous imports nothing: the page needs a login
    if user is None:
        assert city.client("anonymous").get(reverse("imports:new")).status_code == 302
        return
    try:
        services.roster_commit(actor=user, org=city.u3, rows=rows)
    except DomainError as e:
        assert e.status in (403, 404)
    assert outcome(city, member) == expected(actor)
    if actor in BOTH:  # moved by someone who answers for her union: her data may be corrected
        assert Person.objects.get(pk=member.person_id).phone == OTHER_PHONE


@pytest.mark.parametrize("actor", ACTORS)
def test_the_join_form_moves_nobody_and_asks_only_for_those_who_may(city: City, actor: str) -> None:
    member = zhang(city)
    form = {"org": city.u3.code, "name": "张三", "id_number": valid_id(BODY17), "phone": OTHER_PHONE}
    client = city.client(actor)
    first = client.post(reverse("members:join"), form | {"employment_form": "standard"})
    no_union_named(city, actor, first.content.decode())
    asked = client.post(reverse("members:join"), form | {"employment_form": "standard", "request_transfer": "1"})
    assert asked.status_code in (200, 302, 404)
    no_union_named(city, actor, asked.content.decode())
    # the join form never transfers: the city admin is offered the one-step transfer page instead
    assert outcome(city, member) == ("asked" if actor in ASKERS else "untouched")


@pytest.mark.parametrize("actor", ACTORS)
def test_the_join_api_moves_nobody_and_names_no_union_out_of_sight(city: City, actor: str) -> None:
    member = zhang(city)
    body = {"org": city.u3.pk, "name": "张三", "id_number": valid_id(BODY17), "phone": OTHER_PHONE}
    response = city.client(actor).post("/api/v1/members/", json.dumps(body), content_type="application/json")
    assert response.status_code == {"anonymous": 401}.get(actor, 409 if actor in BOTH | ASKERS else 404)
    no_union_named(city, actor, response.content.decode())
    if actor in ASKERS:
        assert "membership" not in response.json()
    assert outcome(city, member) == "untouched"


@pytest.mark.parametrize("actor", ACTORS)
def test_the_transfer_api_moves_only_for_a_reach_holding_both_unions(city: City, actor: str) -> None:
    member = zhang(city)
    url = f"/api/v1/members/{member.pk}/transfer"
    response = city.client(actor).post(url, json.dumps({"org": city.u3.pk}), content_type="application/json")
    status: dict[str, Any] = {"anonymous": 401, "city_admin": 200}
    assert response.status_code == status.get(actor, 404)
    assert outcome(city, member) == ("moved" if actor in BOTH else "untouched")


@pytest.mark.parametrize("actor", ACTORS)
def test_the_transfer_request_api_asks_only_for_the_receiving_unions_staff(city: City, actor: str) -> None:
    member = zhang(city)
    body = {"org": city.u3.pk, "name": "张三", "id_number": valid_id(BODY17)}
    response = city.client(actor).post("/api/v1/members/transfers/", json.dumps(body), content_type="application/json")
    status = {"anonymous": 401, "city_admin": 409, "chair_u3": 201, "outsider": 201}
    assert response.status_code == status.get(actor, 404)
    no_union_named(city, actor, response.content.decode())
    assert outcome(city, member) == ("asked" if actor in ASKERS else "untouched")
