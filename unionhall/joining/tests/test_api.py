"""/api/v1/join-applications/: a union reviews online join applications through the API as on the pages —
the same scope, the same services, the worker's numbers masked."""

from __future__ import annotations

import json

from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.members.models import Membership
from unionhall.tests.city import City
from unionhall.tests.factories import LI, WANG, ZHAO, join, submit
from unionhall.tests.http import post_json as post

LIST = "/api/v1/join-applications/"


def test_the_list_shows_the_applications_in_scope_newest_first_with_numbers_masked(city: City) -> None:
    first = submit(city, name="王小明", id_number=WANG, phone="13912345678")
    second = submit(city, name="李芳", id_number=LI, phone="13900000002")
    submit(city, name="西区申请人", id_number=ZHAO, phone="13900000003", employer=city.e3)
    body = city.client("chair_u1").get(LIST).json()
    assert [item["id"] for item in body["items"]] == [second.pk, first.pk]
    item = body["items"][1]
    assert (item["phone"], item["id_number"]) == ("139****5678", first.id_number_masked)
    assert WANG not in json.dumps(body) and "13912345678" not in json.dumps(body)
    assert (item["org"], item["proposed_union"], item["employer"]) == (city.u1.pk, city.u1.pk, city.e1.pk)
    assert city.client("outsider").get(LIST).json()["count"] == 1  # U3's only


def test_the_list_filters_by_status(city: City) -> None:
    submit(city)
    client = city.client("chair_u1")
    assert client.get(LIST, {"status": "submitted"}).json()["count"] == 1
    assert client.get(LIST, {"status": "approved"}).json()["count"] == 0


def test_an_application_outside_the_callers_scope_answers_like_a_missing_one(city: City) -> None:
    app = submit(city)
    outsider = city.client("outsider")
    assert outsider.get(f"{LIST}{app.pk}").status_code == 404
    assert post(outsider, f"{LIST}{app.pk}/approve", {}).status_code == 404
    assert post(outsider, f"{LIST}{app.pk}/reject", {"reason": "不符"}).status_code == 404
    assert JoinApplication.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED


def test_the_detail_offers_the_unions_the_caller_may_approve_into(city: City) -> None:
    app = submit(city)
    keeper = city.client("cadre_d1").get(f"{LIST}{app.pk}").json()
    assert keeper["unions"][0] == city.u1.pk  # the proposed union first
    assert city.client("reviewer_d1").get(f"{LIST}{app.pk}").json()["unions"] == []


def test_approving_opens_the_membership_in_the_proposed_union(city: City) -> None:
    app = submit(city)
    response = post(city.client("chair_u1"), f"{LIST}{app.pk}/approve", {})
    assert response.status_code == 200
    body = response.json()
    membership = Membership.objects.get(pk=body["member"])
    assert (body["status"], membership.org, membership.person.name) == ("approved", city.u1, "王小明")
    assert body["unions"] == []
    again = post(city.client("chair_u1"), f"{LIST}{app.pk}/approve", {})
    assert again.status_code == 409


def test_a_union_outside_the_choices_is_refused_at_its_field(city: City) -> None:
    app = submit(city)
    response = post(city.client("cadre_d1"), f"{LIST}{app.pk}/approve", {"union": city.u3.pk})
    assert response.status_code == 400
    assert "union" in response.json()["fields"]
    assert JoinApplication.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED


def test_a_reviewer_reads_an_application_but_may_not_decide_it(city: City) -> None:
    app = submit(city)
    reviewer = city.client("reviewer_d1")
    assert post(reviewer, f"{LIST}{app.pk}/approve", {}).status_code == 403
    assert post(reviewer, f"{LIST}{app.pk}/reject", {"reason": "不符"}).status_code == 403


def test_rejecting_needs_a_reason_the_worker_will_read(city: City) -> None:
    app = submit(city)
    client = city.client("chair_u1")
    empty = post(client, f"{LIST}{app.pk}/reject", {"reason": " "})
    assert empty.status_code == 400 and "reason" in empty.json()["fields"]
    done = post(client, f"{LIST}{app.pk}/reject", {"reason": "单位信息不符"})
    assert (done.status_code, done.json()["status"], done.json()["reason"]) == (200, "rejected", "单位信息不符")


def test_a_former_union_outside_the_callers_reach_is_not_named(city: City) -> None:
    join(city.u3, "王小明", WANG[:17])  # a member of U3 (D2) applies to E1's union in D1
    app = submit(city)
    body = city.client("chair_u1").get(f"{LIST}{app.pk}").json()
    assert body["from_org"] is None
    assert city.client("city_admin").get(f"{LIST}{app.pk}").json()["from_org"] == city.u3.pk
