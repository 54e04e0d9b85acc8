"""/api/v1/assistance/funds/ (GET): each fund named by its code, for the budget filter."""

from __future__ import annotations

import pytest

from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_funds_list_names_each_fund_by_code_for_the_budget_filter(city: City) -> None:
    factories.fund(code="WARM", name="送温暖资金")
    body = city.client("cadre_d1").get("/api/v1/assistance/funds/").json()
    assert [(f["code"], f["name"], f["active"]) for f in body["items"]] == [("WARM", "送温暖资金", True)]
    assert city.client("info_u1").get("/api/v1/assistance/funds/").status_code == 404
