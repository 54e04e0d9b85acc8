"""/api/v1/members/: list with filters, masked detail, joining and transfer through the services."""

from __future__ import annotations

import json

from unionhall.members.models import Membership
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id
from unionhall.tests.http import post_json as post


def test_the_list_filters_by_subtree_query_and_status(city: City) -> None:
    join(city.u1, "张三丰", "11010519900101001")
    join(city.b1, "李四", "11010519910101002")
    client = city.client("cadre_d1")
    body = client.get("/api/v1/members/", {"org": city.b1.pk}).json()
    assert [i["name"] for i in body["items"]] == ["李四"]
    assert [i["name"] for i in client.get("/api/v1/members/", {"q": "zsf"}).json()["items"]] == ["张三丰"]
    assert client.get("/api/v1/members/", {"status": "left"}).json()["count"] == 0
    assert client.get("/api/v1/members/", {"org": city.u3.pk}).status_code == 404


def test_the_detail_masks_the_id_number(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    body = city.client("chair_u1").get(f"/api/v1/members/{m.pk}").json()
    assert body["id_number"] == m.person.id_number_masked
    assert valid_id("11010519900101001") not in json.dumps(body)


def test_joining_through_the_api_uses_the_service_rules(city: City) -> None:
    client = city.client("chair_u1")
    created = post(
        client, "/api/v1/members/", {"org": city.u1.pk, "name": "王五", "id_number": valid_id("11010519900101001")}
    )
    assert created.status_code == 201
    assert created.json()["member_no"].startswith("GH")
    bad = post(client, "/api/v1/members/", {"org": city.u1.pk, "name": "王五", "id_number": "110105199001010019"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and "校验位" in bad.json()["fields"]["id_number"][0]


def test_a_member_elsewhere_answers_409_with_the_membership_to_transfer(city: City) -> None:
    other = join(city.u2, "王五", "11010519900101001")
    response = post(
        city.client("cadre_d1"),
        "/api/v1/members/",
        {"org": city.u1.pk, "name": "王五", "id_number": valid_id("11010519900101001")},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "member_elsewhere"
    assert response.json()["membership"] == other.pk
    moved = post(city.client("cadre_d1"), f"/api/v1/members/{other.pk}/transfer", {"org": city.u1.pk})
    assert moved.status_code == 200
    assert moved.json()["org"] == city.u1.pk
    assert Membership.objects.get(pk=other.pk).status == "transferred"
