"""/api/v1/assistance/programmes/ and …/disbursements/ (GET): what an integrator needs to request a payment
without reading the database — every id the request takes, found through the API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from unionhall.assistance.disbursements import services
from unionhall.assistance.models import Programme
from unionhall.tests import factories
from unionhall.tests.city import City
from unionhall.tests.factories import a_request

pytestmark = pytest.mark.django_db


def named_programme(name: str, **extra: Any) -> Programme:
    programme = factories.programme(**extra)
    Programme.objects.filter(pk=programme.pk).update(name=name)
    return programme


def test_an_integrator_finds_every_id_of_a_disbursement_request_through_the_api(city: City) -> None:
    fund = factories.fund(name="帮扶专项资金")
    budget = factories.budget_chain(city.u1, 10_000_00, the_fund=fund)
    named_programme("生活救助", fund=fund)
    named_programme("停用项目", fund=fund, active=False)
    factories.hardship_file(city.u1, name="王困难")
    client = city.client("chair_u1")

    programmes = client.get("/api/v1/assistance/programmes/", {"active": "true"}).json()["items"]
    programme = next(p for p in programmes if p["name"] == "生活救助")
    assert "停用项目" not in {p["name"] for p in programmes}
    assert programme["fund"] == fund.code
    budgets = client.get("/api/v1/assistance/budgets/", {"fund": programme["fund"]}).json()
    budget_id = next(b["id"] for b in budgets if b["org"] == city.u1.pk)
    archive = client.get("/api/v1/assistance/archives/").json()["items"][0]

    body = {"archive": archive["id"], "programme": programme["id"], "budget": budget_id, "amount": "300.00"}
    created = client.post("/api/v1/assistance/disbursements/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert budget_id == budget.pk

    listed = client.get("/api/v1/assistance/disbursements/").json()
    assert [d["id"] for d in listed["items"]] == [created.json()["id"]]
    detail = client.get(f"/api/v1/assistance/disbursements/{created.json()['id']}").json()
    assert listed["items"][0] == detail  # the list answers each row as the detail does


def test_programmes_are_read_by_whoever_reads_assistance_and_no_one_else(city: City) -> None:
    programme = named_programme("金秋助学", kind="education")
    assert city.client("outsider").get(f"/api/v1/assistance/programmes/{programme.pk}").json()["kind"] == "education"
    assert city.client("nobody").get(f"/api/v1/assistance/programmes/{programme.pk}").status_code == 404
    assert city.client("chair_u1").get("/api/v1/assistance/programmes/999999").status_code == 404
    listed = city.client("chair_u1").get("/api/v1/assistance/programmes/", {"kind": "living"}).json()
    assert listed["count"] == 0


def test_the_disbursement_list_is_scoped_and_filtered_like_the_page(city: City) -> None:
    own = a_request(city)
    approved = a_request(city, amount_fen=50_00)
    services.disbursement_approve(actor=city.users["cadre_d1"], disbursement=approved, note="同意")
    client = city.client("cadre_d1")
    assert [d["id"] for d in client.get("/api/v1/assistance/disbursements/").json()["items"]] == [
        approved.pk,
        own.pk,
    ]
    approvals = client.get("/api/v1/assistance/disbursements/", {"status": "approved"}).json()["items"]
    assert [(d["id"], [a["note"] for a in d["approvals"]]) for d in approvals] == [(approved.pk, ["同意"])]
    assert client.get("/api/v1/assistance/disbursements/", {"programme": own.programme_id}).json()["count"] == 1
    assert client.get("/api/v1/assistance/disbursements/", {"org": city.u3.pk}).status_code == 404
    assert city.client("outsider").get("/api/v1/assistance/disbursements/").json()["count"] == 0
