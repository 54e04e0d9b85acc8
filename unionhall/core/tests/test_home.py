"""The home page: staff see their units; workers and merchants start on their own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import City

pytestmark = pytest.mark.django_db


def test_a_worker_is_sent_to_their_own_assistance_page(city: City) -> None:
    response = city.client("worker_u1").get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("workers:home")


def test_a_merchant_is_sent_to_the_redemption_counter(city: City) -> None:
    response = city.client("merchant_d1").get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("cards:redeem")


def test_staff_and_the_outsider_see_the_home_page_of_their_own_units(city: City) -> None:
    assert "东区总工会" in city.client("cadre_d1").get(reverse("core:home")).content.decode()
    outsider = city.client("outsider").get(reverse("core:home")).content.decode()
    assert "西区总工会" in outsider and "东区总工会" not in outsider
