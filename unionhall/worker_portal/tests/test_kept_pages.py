"""The worker's records on 我的帮扶 and 我的维权 are kept per worker (core/versions.py): a new case, a payment
that changes and a case that moves on show on the next request, and one worker never gets another's rows.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.assistance.models import Disbursement
from unionhall.rights.models import Case, CaseStatus
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import Mine, case_of, other_world

pytestmark = pytest.mark.django_db(transaction=True)


def page(client: object, name: str) -> str:
    """The page's records, after the token of the request (which differs on every page)."""
    text = client.get(reverse(name)).content.decode()  # type: ignore[attr-defined]
    return text.split("<main", 1)[1]


def test_a_new_or_moved_case_shows_on_both_pages_on_the_next_request(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    assert page(client, "worker_portal:cases") == page(client, "worker_portal:cases")  # kept
    case = case_of(mine.profile, city.u1, summary="工资拖欠三个月")
    assert "工资拖欠三个月" in page(client, "worker_portal:cases")
    assert "工资拖欠三个月" in page(client, "worker_portal:home")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert "已办结" in page(client, "worker_portal:cases") and "已办结" in page(client, "worker_portal:home")


def test_a_changed_payment_shows_on_the_next_request_and_never_to_another_worker(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    assert "1,200.00" in page(client, "worker_portal:home")
    Disbursement.objects.filter(pk=mine.payment.pk).update(amount_fen=900_00)
    assert "900.00" in page(client, "worker_portal:home")
    theirs = other_world(city)
    other = Client()
    other.force_login(theirs.profile.user)
    assert "赵红" in page(other, "worker_portal:home") and "900.00" not in page(other, "worker_portal:home")
