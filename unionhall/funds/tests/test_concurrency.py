"""Acceptance: Idempotency-Key under concurrency, on PostgreSQL (SQLite skips): many threads, each with its
own database connection, sending one key create one disbursement (the approvals' races are tested in
assistance/disbursements/tests/test_concurrency.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.accounts.models import User
from unionhall.assistance.models import Disbursement
from unionhall.tests import factories
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 12


def test_many_retries_with_one_idempotency_key_create_one_disbursement(city: City) -> None:
    budget = factories.budget_chain(city.d1, 10_000_00)
    body = {
        "archive": factories.hardship_file(city.u1).pk,
        "programme": factories.programme(fund=budget.fund).pk,
        "budget": budget.pk,
        "amount": "250.00",
    }
    url = reverse("api:disbursement_create")

    def send() -> tuple[int, dict[str, Any], bool]:
        client = Client()
        client.force_login(User.objects.get(username="chair_u1"))
        response = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-storm-1")
        return response.status_code, response.json(), response.get("Idempotent-Replayed") == "true"

    results = run_together([send for _ in range(THREADS)])
    assert all(isinstance(r, tuple) for r in results), results
    assert {r[0] for r in results} == {201}
    assert len({r[1]["id"] for r in results}) == 1
    assert sum(1 for r in results if not r[2]) == 1, "exactly one answer is the original, the rest replays"
    assert Disbursement.objects.count() == 1
