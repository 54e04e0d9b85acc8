"""/api/v1/rights/handlers/ and …/cases/{case_id}/shares/ (GET), and the member's person id: the ids the
case filter, unsharing and filing a case for a worker take, found through the API."""

from __future__ import annotations

import json

import pytest

from unionhall.rights.models import Case, CaseShare
from unionhall.tests.city import City
from unionhall.tests.factories import case, join

pytestmark = pytest.mark.django_db


def test_the_handlers_are_those_of_the_cases_in_sight(city: City) -> None:
    own, foreign = case(city.u1), case(city.u3)
    Case.objects.filter(pk=own.pk).update(handler=city.users["chair_u1"])
    Case.objects.filter(pk=foreign.pk).update(handler=city.users["chair_u3"])
    body = city.client("cadre_d1").get("/api/v1/rights/handlers/").json()
    assert [h["id"] for h in body["items"]] == [city.users["chair_u1"].pk]
    by_handler = city.client("cadre_d1").get("/api/v1/rights/cases/", {"handler": body["items"][0]["id"]}).json()
    assert [c["id"] for c in by_handler["items"]] == [own.pk]
    assert city.client("info_u1").get("/api/v1/rights/handlers/").status_code == 404


def test_a_cases_shares_list_gives_the_id_that_ends_a_partner_share(city: City) -> None:
    shared = case(city.u1, shared_with=city.u2)
    CaseShare.objects.create(case=shared, partner_name="外市总工会", partner_contact="张老师 0512-1234")
    client = city.client("chair_u1")
    shares = client.get(f"/api/v1/rights/cases/{shared.pk}/shares/").json()
    assert [(s["org"]["id"] if s["org"] else None, s["partner_name"]) for s in shares] == [
        (city.u2.pk, ""),
        (None, "外市总工会"),
    ]
    partner = shares[1]["id"]
    response = client.post(
        f"/api/v1/rights/cases/{shared.pk}/unshare", json.dumps({"share": partner}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert len(client.get(f"/api/v1/rights/cases/{shared.pk}/shares/").json()) == 1
    assert city.client("outsider").get(f"/api/v1/rights/cases/{shared.pk}/shares/").status_code == 404


def test_a_worker_found_in_the_member_list_can_be_named_on_a_case(city: City) -> None:
    join(city.u1, "张会员", "32050819850101001", phone="13900000001")
    client = city.client("chair_u1")
    member = client.get("/api/v1/members/", {"q": "张会员"}).json()["items"][0]
    body = {
        "org": city.u1.pk,
        "category": "wage_arrears",
        "employer": city.e1.pk,
        "summary": "欠薪",
        "person": member["person"],
    }
    created = client.post("/api/v1/rights/cases/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["person"], created.json()["contact_name"]) == (member["person"], "张会员")
