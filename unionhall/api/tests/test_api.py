"""/api/v1/: bearer tokens, scoped lists and details, filters, pagination, JSON errors, OpenAPI."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from unionhall.accounts.models import ApiToken
from unionhall.api.pagination import MAX_PAGE
from unionhall.tests.city import City
from unionhall.tests.factories import valid_id


def token_for(username: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()[-1]


def api(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_bearer_token_reads_the_users_scope(city: City) -> None:
    client = api(token_for("cadre_d1"))
    body = client.get("/api/v1/orgs/").json()
    codes = {item["code"] for item in body["items"]}
    assert codes == {"D1", "D1-T1", "D1-T1-U1", "D1-T1-U1-B1", "D1-T1-U2"}
    assert body["count"] == 5
    first = body["items"][0]
    assert set(first) >= {"id", "code", "name", "level", "kind", "parent"}


def test_the_token_command_prints_the_token_alone_on_its_last_line(city: City) -> None:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "cadre_d1", "--name", "人社局对接", stdout=out, stderr=err)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith("uh_") and " " not in last
    assert ApiToken.objects.get(user__username="cadre_d1").name == "人社局对接"
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_api_token", "ghost", stdout=StringIO(), stderr=StringIO())


def test_a_revoked_token_is_refused(city: City) -> None:
    token = token_for("cadre_d1")
    assert api(token).get("/api/v1/orgs/").status_code == 200
    call_command("revoke_api_token", token[:10], stdout=StringIO())
    response = api(token).get("/api/v1/orgs/")
    assert response.status_code == 401
    assert response.json() == {"code": "unauthorized", "message": "未登录或令牌无效。"}


def test_a_token_of_a_deactivated_user_is_refused(city: City) -> None:
    token = token_for("cadre_d1")
    city.users["cadre_d1"].is_active = False
    city.users["cadre_d1"].save()
    assert api(token).get("/api/v1/orgs/").status_code == 401


def test_garbage_and_missing_tokens_are_refused(city: City) -> None:
    assert api("uh_not-a-token").get("/api/v1/orgs/").status_code == 401
    assert Client().get("/api/v1/orgs/").status_code == 401


def test_the_page_session_works_for_the_api_too(city: City) -> None:
    response = city.client("chair_u1").get("/api/v1/orgs/")
    assert {i["code"] for i in response.json()["items"]} == {"D1-T1-U1", "D1-T1-U1-B1"}


def test_org_filters_level_parent_and_q(city: City) -> None:
    client = api(token_for("city_admin"))
    assert [i["code"] for i in client.get("/api/v1/orgs/", {"level": "district"}).json()["items"]] == ["D1", "D2"]
    children = client.get("/api/v1/orgs/", {"parent": city.t1.pk}).json()["items"]
    assert [i["code"] for i in children] == ["D1-T1-U1", "D1-T1-U2"]
    assert all(i["parent"] == city.t1.pk for i in children)
    assert [i["code"] for i in client.get("/api/v1/orgs/", {"q": "纺织"}).json()["items"]] == ["D2-T1-U1"]
    root = client.get(f"/api/v1/orgs/{city.city.pk}").json()
    assert root["parent"] is None


def test_a_parent_out_of_scope_answers_404(city: City) -> None:
    response = api(token_for("cadre_d1")).get("/api/v1/orgs/", {"parent": city.t2.pk})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_org_detail_carries_the_committee_term(city: City) -> None:
    body = api(token_for("cadre_d1")).get(f"/api/v1/orgs/{city.u1.pk}").json()
    assert body["code"] == "D1-T1-U1"
    assert body["parent"] == city.t1.pk
    assert body["election_overdue"] is True
    assert body["children"] == 1


def test_employers_are_scoped_and_filtered(city: City) -> None:
    client = api(token_for("cadre_d1"))
    names = {i["name"] for i in client.get("/api/v1/employers/").json()["items"]}
    assert names == {"东区未建会商贸公司", "东方机械有限公司"}
    uncovered = client.get("/api/v1/employers/", {"covered": "false"}).json()["items"]
    assert [i["name"] for i in uncovered] == ["东区未建会商贸公司"]
    detail = client.get(f"/api/v1/employers/{city.e1.pk}").json()
    assert (detail["uscc"], detail["union"], detail["org"]) == (city.e1.uscc, city.u1.pk, city.t1.pk)
    assert client.get(f"/api/v1/employers/{city.e3.pk}").status_code == 404


def test_lists_are_paginated(city: City) -> None:
    body = api(token_for("city_admin")).get("/api/v1/orgs/", {"page": 2, "page_size": 4}).json()
    assert body["count"] == 9
    assert len(body["items"]) == 4


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/orgs/?page={}",
        "/api/v1/employers/?page={}",
        "/api/v1/members/?page={}",
        "/api/v1/assistance/archives/?page={}",
        "/api/v1/rights/cases/?page={}",
        "/api/v1/rights/risks/?page={}",
        "/api/v1/assistance/deliveries/?offset={}",
    ],
)
def test_a_page_past_any_table_is_refused_not_a_server_error(city: City, url: str) -> None:
    client = api(token_for("city_admin"))
    client.raise_request_exception = False
    past = client.get(url.format(10**20))  # a row offset past 2^63: the database refused it, 500
    assert (past.status_code, past.json()["code"]) == (422, "invalid_request")
    last = client.get(url.format(MAX_PAGE))
    assert last.status_code == 200
    assert last.json()["items"] == []


def test_a_date_must_be_written_as_a_date_not_as_seconds_since_1970(city: City) -> None:
    client = api(token_for("city_admin"))
    for query in ({"date_to": "0"}, {"date_from": "86400"}):
        refused = client.get("/api/v1/assistance/deliveries/", query)
        assert (refused.status_code, refused.json()["code"]) == (422, "invalid_request")
    assert client.get("/api/v1/assistance/deliveries/", {"date_to": "2026-01-31"}).status_code == 200
    chair = api(token_for("chair_u1"))
    body = {"org": city.u1.pk, "name": "王五", "id_number": valid_id("11010519900101001"), "joined_on": 0}
    refused = chair.post("/api/v1/members/", json.dumps(body), content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid_request")
    joined = chair.post(
        "/api/v1/members/", json.dumps(body | {"joined_on": "2026-01-05"}), content_type="application/json"
    )
    assert (joined.status_code, joined.json()["joined_on"]) == (201, "2026-01-05")


def test_bad_parameters_answer_a_stable_code_in_chinese(city: City) -> None:
    response = api(token_for("cadre_d1")).get("/api/v1/orgs/not-a-number")
    assert response.status_code == 422
    body: dict[str, Any] = response.json()
    assert body["code"] == "invalid_request"
    assert body["message"] == "请求参数不正确。"


def test_the_openapi_document_describes_every_route() -> None:
    response = Client().get("/api/v1/openapi.json")
    paths = response.json()["paths"]
    assert {"/api/v1/orgs/", "/api/v1/orgs/{org_id}", "/api/v1/employers/", "/api/v1/employers/{employer_id}"} <= set(
        paths
    )
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()  # served locally, no CDN
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"


def test_the_openapi_document_lists_the_error_answers_of_every_operation() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in document["paths"].values():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"401", "404", "422"} | ({"400", "403", "409"} if method == "post" else set())
            assert expected <= set(responses)
            assert all(responses[code]["content"]["application/json"]["schema"] == error for code in expected)
    redeem = document["paths"]["/api/v1/assistance/cards/{number}/redeem"]["post"]["responses"]
    assert redeem["423"]["content"]["application/json"]["schema"] == error  # a route's own answer stays
    assert document["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]


def test_unknown_routes_and_methods_answer_json_too(city: City) -> None:
    client = api(token_for("cadre_d1"))
    missing = client.get("/api/v1/nope")
    assert (missing.status_code, missing.json()) == (404, {"code": "not_found", "message": "未找到该记录。"})
    wrong = client.delete(f"/api/v1/orgs/{city.u1.pk}")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
