"""/api/v1/assistance/: budgets in yuan decimal strings, requesting and approving through the services,
and Idempotency-Key on the POSTs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.accounts import services as account_services
from unionhall.assistance.disbursements import services as payments
from unionhall.assistance.models import Disbursement, DisbursementApproval
from unionhall.funds import services
from unionhall.funds.models import Budget, IdempotencyRecord, JournalKind
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City
from unionhall.tests.factories import a_request

pytestmark = pytest.mark.django_db
CREATE = "api:disbursement_create"


def post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, body, content_type="application/json", **headers)


def setup(city: City, budget_fen: int = 10_000_00) -> dict[str, Any]:
    budget = factories.budget_chain(city.d1, budget_fen)
    return {
        "archive": factories.hardship_file(city.u1).pk,
        "programme": factories.programme(fund=budget.fund).pk,
        "budget": budget.pk,
        "amount": "1200.50",
    }


def test_a_budget_reads_as_yuan_decimal_strings(city: City) -> None:
    budget = factories.budget_chain(city.u1, 1_234_56)
    body = city.client("chair_u1").get(reverse("api:budget_detail", kwargs={"budget_id": budget.pk})).json()
    assert (body["amount"], body["allocated"], body["spent"], body["remaining"]) == (
        "1234.56",
        "0.00",
        "0.00",
        "1234.56",
    )
    d = a_request(city, budget=budget, amount_fen=100_01)
    payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    listed = city.client("cadre_d1").get(reverse("api:budget_list"), {"year": budget.year}).json()
    by_org = {b["org_name"]: b for b in listed}
    assert set(by_org) == {"东区总工会", "东一街道总工会", "东方机械公司工会"}  # not the city's, above the cadre
    assert [by_org["东区总工会"][k] for k in ("amount", "allocated", "spent", "remaining")] == [
        "1234.56",
        "1234.56",
        "0.00",
        "0.00",
    ]
    assert (by_org["东方机械公司工会"]["spent"], by_org["东方机械公司工会"]["remaining"]) == ("100.01", "1134.55")


def test_an_outsider_gets_404_for_a_budget_exactly_like_a_missing_one(city: City) -> None:
    budget = factories.budget_chain(city.u1, 100_00)
    client = city.client("outsider")
    foreign = client.get(reverse("api:budget_detail", kwargs={"budget_id": budget.pk}))
    missing = client.get(reverse("api:budget_detail", kwargs={"budget_id": 999_999}))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == {"code": "not_found", "message": "未找到该记录。"}


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


def test_the_same_key_twice_creates_one_disbursement_and_replays_the_answer(city: City) -> None:
    body = setup(city)
    client = city.client("chair_u1")
    first = post(client, reverse(CREATE), body, key="req-1")
    again = post(client, reverse(CREATE), body, key="req-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Disbursement.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_with_422(city: City) -> None:
    body = setup(city)
    client = city.client("chair_u1")
    post(client, reverse(CREATE), body, key="req-1")
    response = post(client, reverse(CREATE), body | {"amount": "10.00"}, key="req-1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Disbursement.objects.count() == 1


def test_a_key_used_for_a_refused_request_may_be_retried_once_the_cause_is_fixed(city: City) -> None:
    d = a_request(city, amount_fen=1_000_00, budget_fen=999_00)
    url = reverse("api:disbursement_approve", kwargs={"disbursement_id": d.pk})
    client = city.client("cadre_t1")
    assert post(client, url, {}, key="approve-1").status_code == 409
    services.budget_fund(actor=city.users["city_admin"], budget=Budget.objects.get(org=city.city), amount_fen=1_00)
    services.budget_allocate(
        actor=city.users["city_admin"], parent=Budget.objects.get(org=city.city), org=city.d1, amount_fen=1_00
    )
    retried = post(client, url, {}, key="approve-1")
    assert retried.status_code == 200 and "Idempotent-Replayed" not in retried
    replayed = post(client, url, {}, key="approve-1")
    assert replayed["Idempotent-Replayed"] == "true"
    assert DisbursementApproval.objects.count() == 1
    assert d.budget.account.entries.filter(journal__kind=JournalKind.DISBURSEMENT).count() == 1
    assert_books_balance()


def test_a_bearer_token_works_and_keys_are_per_user(city: City) -> None:
    body = setup(city)
    _, plain = account_services.api_token_create(actor=SYSTEM, user=city.users["chair_u1"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert post(client, reverse(CREATE), body, key="k").status_code == 201
    assert post(city.client("cadre_t1"), reverse(CREATE), body, key="k").status_code == 201  # another user's key
    assert IdempotencyRecord.objects.count() == 2
    assert Disbursement.objects.count() == 2


def test_an_approval_needs_no_body_and_keeps_a_note_when_given(city: City) -> None:
    first, second = a_request(city), a_request(city)
    client = city.client("cadre_t1")
    bare = client.post(reverse("api:disbursement_approve", kwargs={"disbursement_id": first.pk}), b"", "")
    assert bare.status_code == 200 and bare.json()["approvals"][0]["note"] == ""
    noted = post(client, reverse("api:disbursement_approve", kwargs={"disbursement_id": second.pk}), {"note": "属实"})
    assert noted.json()["approvals"][0]["note"] == "属实"
