"""/api/v1/assistance/budgets/: budgets in yuan decimal strings within scope, and Idempotency-Key on the
POSTs (exercised on the disbursement request, whose own API is tested in assistance/disbursements/tests/)."""

from __future__ import annotations

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
from unionhall.tests.factories import disbursement_body as setup
from unionhall.tests.http import post_json as post

pytestmark = pytest.mark.django_db
CREATE = "api:disbursement_create"


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
