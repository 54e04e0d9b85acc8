"""The home page: staff see their units; workers and merchants start on their own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_a_worker_is_sent_to_their_own_assistance_page(city: City) -> None:
    response = city.client("worker_u1").get(reverse("console:home"))
    assert response.status_code == 302 and response["Location"] == reverse("worker_portal:home")


def test_a_merchant_is_sent_to_the_redemption_counter(city: City) -> None:
    response = city.client("merchant_d1").get(reverse("console:home"))
    assert response.status_code == 302 and response["Location"] == reverse("cards:redeem")


def test_staff_and_the_outsider_see_the_home_page_of_their_own_units(city: City) -> None:
    assert "东区总工会" in city.client("cadre_d1").get(reverse("console:home")).content.decode()
    outsider = city.client("outsider").get(reverse("console:home")).content.decode()
    assert "西区总工会" in outsider and "东区总工会" not in outsider


def todo_of(city: City, user: str) -> str:
    response = city.client(user).get(reverse("console:home"))
    assert response.status_code == 200
    text = response.content.decode()
    start = text.find('data-testid="todo"')
    return text[start : text.find("</article>", start)] if start >= 0 else ""


def test_the_waiting_work_panel_counts_what_each_user_may_act_on_in_scope(city: City) -> None:
    from unionhall.assistance.disbursements import services
    from unionhall.assistance.models import FileStatus
    from unionhall.tests import factories
    from unionhall.tests.factories import a_request

    factories.hardship_file(city.u1, status=FileStatus.SUBMITTED)
    factories.hardship_file(city.u3, status=FileStatus.SUBMITTED)  # D2: the outsider's, not D1's
    d = a_request(city, amount_fen=6_000_00)  # two approvals needed

    cadre = todo_of(city, "cadre_d1")
    assert "困难档案待入户核查" in cadre and '<span class="num">1</span>' in cadre
    assert "救助支出待审批" in cadre
    outsider = todo_of(city, "outsider")
    assert "困难档案待入户核查" in outsider and "救助支出待审批" not in outsider
    chair = todo_of(city, "chair_u1")
    assert "待入户核查" not in chair and "待审批" not in chair  # the chair files; it neither verifies nor approves
    assert todo_of(city, "reviewer_d1") == ""

    # Once cadre_d1 has given the first of two approvals, the request waits for someone else, not for them.
    services.disbursement_approve(actor=city.users["cadre_d1"], disbursement=d)
    assert "救助支出待审批" not in todo_of(city, "cadre_d1")
    assert "救助支出待审批" in todo_of(city, "cadre_t1")
