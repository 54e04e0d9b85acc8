"""GET /api/v1/coverage/{org_id}: a node's counts and rates and each child's, scoped like the pages."""

from __future__ import annotations

from django.urls import reverse

from unionhall.accounts import services as account_services
from unionhall.coverage.tests.support import load_divisions, member
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City


def test_a_node_answers_with_its_totals_its_own_part_and_each_child(city: City) -> None:
    load_divisions(city)
    member(city.u1, employer=city.e1)
    member(city.u2, platform=True)
    _, token = account_services.api_token_create(actor=SYSTEM, user=city.users["cadre_d1"])
    response = city.client("anonymous").get(
        reverse("api:coverage_node", kwargs={"org_id": city.t1.pk}), HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    body = response.json()
    total = body["node"]["total"]
    assert (total["employers"], total["employers_covered"], total["unionization_rate"]) == (2, 1, 0.5)
    assert (total["members"], total["covered_employees"], total["membership_rate"]) == (2, 300, 0.0067)
    assert (total["villages"], total["villages_with_union"], total["village_rate"]) == (2, 1, 0.5)
    assert (total["communities"], total["community_rate"], total["platform_members"]) == (1, 0.0, 1)
    assert body["node"]["own"]["members"] == 0
    assert [c["name"] for c in body["children"]] == ["东方机械公司工会", "东一村工会"]
    assert body["children"][0]["total"]["unionization_rate"] is None  # nothing to measure there
    assert body["settings"]["size_threshold"] == 25


def test_out_of_scope_answers_like_missing(city: City) -> None:
    client = city.client("cadre_d1")
    foreign = client.get(reverse("api:coverage_node", kwargs={"org_id": city.d2.pk}))
    missing = client.get(reverse("api:coverage_node", kwargs={"org_id": 999_999}))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == {"code": "not_found", "message": "未找到该记录。"}


def test_an_information_officer_sees_no_coverage(city: City) -> None:
    response = city.client("info_u1").get(reverse("api:coverage_node", kwargs={"org_id": city.u1.pk}))
    assert response.status_code == 404
