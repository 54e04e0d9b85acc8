"""/api/v1/assistance/disbursements/: requesting a payment in yuan and approving it through the services, with
the refusals each role meets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.assistance.models import Disbursement
from unionhall.tests.city import City
from unionhall.tests.factories import a_request
from unionhall.tests.factories import disbursement_body as setup
from unionhall.tests.http import post_json as post

pytestmark = pytest.mark.django_db
CREATE = "api:disbursement_create"


def test_a_union_chair_requests_a_payment_in_yuan_and_gets_201(city: City) -> None:
    body = setup(city)
    response = post(city.client("chair_u1"), reverse(CREATE), body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["amount"], data["status"], data["bank_account"]) == ("1200.50", "requested", "6222 **** **** 0123")
    assert Disbursement.objects.get().amount_fen == 1_200_50
    detail = city.client("reviewer_d1").get(reverse("api:disbursement_detail", kwargs={"disbursement_id": data["id"]}))
    assert detail.json()["no"] == data["no"]


def test_an_amount_may_be_a_number_and_a_bad_amount_is_refused_in_chinese(city: City) -> None:
    body = setup(city)
    client = city.client("chair_u1")
    assert post(client, reverse(CREATE), body | {"amount": 99.5}).json()["amount"] == "99.50"
    refused = post(client, reverse(CREATE), body | {"amount": "1.234"})
    assert refused.status_code == 400
    assert refused.json()["fields"]["amount"] == ["金额最多保留两位小数（到分）。"]


def test_a_reviewer_may_not_request_and_an_outsider_does_not_find_the_archive(city: City) -> None:
    body = setup(city)
    assert post(city.client("reviewer_d1"), reverse(CREATE), body).status_code == 403
    assert post(city.client("outsider"), reverse(CREATE), body).status_code == 404
    assert not Disbursement.objects.exists()


def test_a_chair_may_not_approve_and_a_cadre_approves(city: City) -> None:
    d = a_request(city)
    url = reverse("api:disbursement_approve", kwargs={"disbursement_id": d.pk})
    assert post(city.client("chair_u1"), url, {}).status_code == 403
    assert post(city.client("outsider"), url, {}).status_code == 404
    response = post(city.client("cadre_t1"), url, {"note": "同意"})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["approvals"][0]["approver"] == "cadre_t1"


def test_an_approval_without_money_answers_409_insufficient_funds(city: City) -> None:
    d = a_request(city, amount_fen=1_000_00, budget_fen=500_00)
    response = post(city.client("cadre_t1"), reverse("api:disbursement_approve", kwargs={"disbursement_id": d.pk}), {})
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_funds"


def test_an_approval_needs_no_body_and_keeps_a_note_when_given(city: City) -> None:
    first, second = a_request(city), a_request(city)
    client = city.client("cadre_t1")
    bare = client.post(reverse("api:disbursement_approve", kwargs={"disbursement_id": first.pk}), b"", "")
    assert bare.status_code == 200 and bare.json()["approvals"][0]["note"] == ""
    noted = post(client, reverse("api:disbursement_approve", kwargs={"disbursement_id": second.pk}), {"note": "属实"})
    assert noted.json()["approvals"][0]["note"] == "属实"
