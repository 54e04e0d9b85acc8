"""/api/v1/rights/: filing routes by employer, scoped lists and details, 双向维权 share and unshare, transfer,
closing with wages, the generic steps, field errors in Chinese, risk reports and their acknowledgement,
bearer tokens, Idempotency-Key, and the OpenAPI document."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from unionhall.accounts import services as account_services
from unionhall.accounts.models import User
from unionhall.core.models import AuditEvent
from unionhall.orgs.models import Grant, OrgStatus, OrgUnit, Role
from unionhall.rights.models import Case, CaseStatus, RiskReport, RiskStatus
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import case, join, risk
from unionhall.tests.http import post_json as post

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NOT_FOUND = {"code": "not_found", "message": "未找到该记录。"}


def bearer(city: City, who: str) -> Client:
    _, plain = account_services.api_token_create(actor=SYSTEM, user=city.users[who])
    return Client(headers={"Authorization": f"Bearer {plain}"})


def detail(pk: int) -> str:
    return reverse("api:case_detail", kwargs={"case_id": pk})


def action(name: str, pk: int) -> str:
    return reverse(f"api:case_{name}", kwargs={"case_id": pk})


def listed(client: Client, **query: Any) -> list[int]:
    response = client.get(reverse("api:case_list"), query)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def a_third_union(city: City) -> Client:
    """Staff of U2, a union beside U1 in the same town: neither the handling nor a sharing unit."""
    user = User.objects.create_user(username="chair_u2", password="x")
    Grant.objects.create(user=user, role=Role.GRASSROOTS_STAFF, org=city.u2)
    client = Client()
    client.force_login(user)
    return client


def filing(city: City, **extra: Any) -> dict[str, Any]:
    return {
        "org": city.d1.pk,
        "category": "wage_arrears",
        "complexity": "general",
        "employer": city.e1.pk,
        "summary": "拖欠三个月工资",
        "contact_name": "王师傅",
        "contact_phone": "139 0000 1111",
        "worker_count": 12,
        "source": "walk_in",
        **extra,
    }


# --- filing ------------------------------------------------------------------------------------------


def test_filing_at_a_district_routes_the_case_to_the_union_covering_the_employer(city: City) -> None:
    response = post(city.client("cadre_d1"), reverse("api:case_create"), filing(city))
    assert response.status_code == 201
    body = response.json()
    assert body["org"] == {"id": city.u1.pk, "name": city.u1.name}
    assert body["intake_org"] == {"id": city.d1.pk, "name": city.d1.name}
    assert body["employer"] == {"id": city.e1.pk, "name": city.e1.name}
    assert (body["status"], body["source"], body["worker_count"], body["contact_phone"]) == (
        "received",
        "walk_in",
        12,
        "13900001111",
    )
    assert body["no"].startswith("WQ") and body["overdue"] is False and body["shared_with"] == []
    assert body["actions"] == ["accept", "close", "withdraw"]
    assert Case.objects.get(pk=body["id"]).org == city.u1
    assert AuditEvent.objects.filter(action="case.create", success=True).count() == 1
    assert city.client("chair_u1").get(detail(body["id"])).json()["no"] == body["no"]


def test_a_case_routed_out_of_the_callers_sight_names_neither_the_union_nor_the_employer(city: City) -> None:
    client = city.client("cadre_d1")
    response = post(client, reverse("api:case_create"), filing(city, employer=None, employer_text=city.e3.name))
    assert response.status_code == 202
    body = response.json()
    case = Case.objects.get()
    assert body == {"no": case.no, "status": case.status, "routed": True, "message": body["message"]}
    text = json.dumps(body, ensure_ascii=False)
    assert city.u3.name not in text and str(city.e3.pk) not in text.replace(case.no, "")
    assert (case.org, case.employer) == (city.u3, city.e3)
    assert client.get(detail(case.pk)).json() == NOT_FOUND
    assert city.client("chair_u3").get(detail(case.pk)).status_code == 200


def test_an_employer_outside_the_callers_register_is_a_field_error(city: City) -> None:
    response = post(city.client("cadre_d1"), reverse("api:case_create"), filing(city, employer=city.e3.pk))
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["employer"]
    assert not Case.objects.exists()


def test_the_contact_defaults_to_the_linked_worker_never_to_the_caller(city: City) -> None:
    member = join(city.u1, "赵职工", "32050819850101123", phone="13812345678")
    body = filing(city, org=city.u1.pk, contact_name="", contact_phone="", person=member.person_id)
    response = post(city.client("chair_u1"), reverse("api:case_create"), body)
    assert response.status_code == 201
    assert (response.json()["contact_name"], response.json()["contact_phone"]) == ("赵职工", "13812345678")
    assert response.json()["person"] == member.person_id
    foreign = join(city.u3, "钱职工", "32050819850101456")
    refused = post(city.client("chair_u1"), reverse("api:case_create"), body | {"person": foreign.person_id})
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["person"]
    without = post(city.client("chair_u1"), reverse("api:case_create"), filing(city, contact_name="", org=city.u1.pk))
    assert without.json()["fields"] == {"contact_name": ["请填写联系人姓名。"]}


def test_field_errors_come_back_together_in_chinese_and_nothing_is_saved(city: City) -> None:
    response = post(city.client("chair_u1"), reverse("api:case_create"), {"org": city.u1.pk, "worker_count": -3})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"category", "summary", "contact_name", "employer", "worker_count"}
    assert all(CHINESE.search(message) for messages in body["fields"].values() for message in messages)
    malformed = post(city.client("chair_u1"), reverse("api:case_create"), {"org": "东区"})
    assert (malformed.status_code, malformed.json()["code"]) == (422, "invalid_request")
    assert not Case.objects.exists()


def test_filing_is_refused_to_a_reviewer_and_invisible_to_an_outsider(city: City) -> None:
    body = filing(city, org=city.u1.pk)
    assert post(city.client("reviewer_d1"), reverse("api:case_create"), body).status_code == 403
    outsider = post(city.client("outsider"), reverse("api:case_create"), body)
    missing = post(city.client("outsider"), reverse("api:case_create"), body | {"org": 999_999})
    assert outsider.json() == missing.json() == NOT_FOUND
    assert not Case.objects.exists()


def test_the_same_idempotency_key_files_one_case_and_replays_the_answer(city: City) -> None:
    client = city.client("cadre_d1")
    first = post(client, reverse("api:case_create"), filing(city), **{"Idempotency-Key": "hotline-42"})
    again = post(client, reverse("api:case_create"), filing(city), **{"Idempotency-Key": "hotline-42"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    # The kept answer looks exactly like a later GET of the same case.
    shown = client.get(detail(first.json()["id"])).json()
    assert {k: shown[k] for k in ("received_at", "due_at", "org")} == {
        k: first.json()[k] for k in ("received_at", "due_at", "org")
    }


# --- reading -----------------------------------------------------------------------------------------


def test_the_list_is_scoped_filtered_and_paginated(city: City) -> None:
    a = case(city.u1, summary="东方欠薪")
    b = case(city.u2, category="injury", summary="村里工伤", status=CaseStatus.IN_PROGRESS)
    c = case(city.u3, summary="西方欠薪")
    Case.objects.filter(pk=b.pk).update(due_at=timezone.now() - timedelta(days=1))
    client = city.client("cadre_d1")
    body = client.get(reverse("api:case_list")).json()
    assert body["count"] == 2 and {i["id"] for i in body["items"]} == {a.pk, b.pk}
    item = next(i for i in body["items"] if i["id"] == b.pk)
    assert item["overdue"] is True and item["wages_recovered"] == "0.00" and item["wages_recovered_fen"] == 0
    assert set(item) >= {"no", "status", "category", "complexity", "org", "employer", "summary", "received_at"}
    assert set(item) >= {"due_at", "handler", "shared_with", "satisfaction", "closed_at"}
    assert listed(client, status="in_progress") == [b.pk]
    assert listed(client, status="open") == [b.pk, a.pk]
    assert listed(client, category="injury") == [b.pk]
    assert listed(client, org=city.u1.pk) == [a.pk]
    assert listed(client, overdue=True) == [b.pk]
    assert listed(client, q="东方") == [a.pk]
    assert client.get(reverse("api:case_list"), {"org": city.u3.pk}).json() == NOT_FOUND
    assert listed(city.client("outsider")) == [c.pk]
    for _ in range(51):
        case(city.u1)
    page2 = client.get(reverse("api:case_list"), {"page": 2}).json()
    assert page2["count"] == 53 and len(page2["items"]) == 3


def test_the_handler_filter_takes_an_id_and_refuses_a_number_past_64_bits(city: City) -> None:
    a = case(city.u1)
    Case.objects.filter(pk=a.pk).update(handler=city.users["chair_u1"])
    case(city.u1)
    client = bearer(city, "cadre_d1")
    assert listed(client, handler=city.users["chair_u1"].pk) == [a.pk]
    client.raise_request_exception = False
    for number in (10**20, -(10**20), 0):
        refused = client.get(reverse("api:case_list"), {"handler": number})
        assert (refused.status_code, refused.json()["code"]) == (422, "invalid_request")


def test_a_case_is_404_to_an_outsider_and_a_third_union_exactly_like_a_missing_one(city: City) -> None:
    c = case(city.u1)
    assert city.client("reviewer_d1").get(detail(c.pk)).json()["no"] == c.no
    missing = city.client("outsider").get(detail(999_999))
    for client in (city.client("outsider"), city.client("chair_u3"), a_third_union(city)):
        response = client.get(detail(c.pk))
        assert response.status_code == missing.status_code == 404
        assert response.json() == missing.json() == NOT_FOUND
    assert city.client("worker_u1").get(reverse("api:case_list")).json() == NOT_FOUND


def test_a_list_does_not_query_once_per_case(city: City, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        case(city.u1, shared_with=city.u3)
    client = city.client("cadre_d1")
    client.get(reverse("api:case_list"))
    with django_assert_max_num_queries(12):
        body = client.get(reverse("api:case_list")).json()
    assert all(item["shared_with"][0]["org"]["id"] == city.u3.pk for item in body["items"])


# --- 双向维权 ----------------------------------------------------------------------------------------


def test_sharing_lets_the_shared_union_see_and_update_the_case_and_unsharing_ends_it(city: City) -> None:
    c = case(city.u1, status=CaseStatus.IN_PROGRESS)
    owner = bearer(city, "chair_u1")
    home = bearer(city, "chair_u3")
    third = a_third_union(city)
    assert home.get(detail(c.pk)).status_code == 404

    shared = post(owner, action("share", c.pk), {"org": city.u3.pk})
    assert shared.status_code == 200
    assert [s["org"]["id"] for s in shared.json()["shared_with"]] == [city.u3.pk]
    assert home.get(detail(c.pk)).json()["shared_with"][0]["org"] == {"id": city.u3.pk, "name": city.u3.name}
    assert listed(home) == [c.pk]
    assert listed(home, shared=True) == [c.pk]
    assert third.get(detail(c.pk)).json() == NOT_FOUND and listed(third) == []
    # The shared union takes the steps a sharing unit may take, not the handling union's own.
    mediating = post(home, action("transition", c.pk), {"name": "start_mediation"})
    assert (mediating.status_code, mediating.json()["status"]) == (200, "mediating")
    assert post(home, action("transfer", c.pk), {"org": city.u3.pk, "reason": "我们来办"}).status_code == 403
    assert post(home, action("unshare", c.pk), {"org": city.u3.pk}).status_code == 403

    unshared = post(owner, action("unshare", c.pk), {"org": city.u3.pk})
    assert unshared.status_code == 200 and unshared.json()["shared_with"] == []
    assert home.get(detail(c.pk)).json() == NOT_FOUND
    assert listed(home) == []
    assert post(owner, action("unshare", c.pk), {"org": city.u3.pk}).json()["fields"] == {
        "org": ["该单位目前没有协办本案。"]
    }


def test_a_partner_union_outside_the_city_is_recorded_and_removed_by_its_share_id(city: City) -> None:
    c = case(city.u1)
    client = city.client("chair_u1")
    body = post(
        client, action("share", c.pk), {"partner_name": "四川省广安市总工会", "partner_contact": "张主任"}
    ).json()
    partner = body["shared_with"][0]
    assert (partner["org"], partner["partner_name"], partner["partner_contact"]) == (
        None,
        "四川省广安市总工会",
        "张主任",
    )
    assert post(client, action("unshare", c.pk), {"share": partner["id"]}).json()["shared_with"] == []


def test_sharing_names_a_unit_that_exists_and_is_in_use(city: City) -> None:
    c = case(city.u1)
    client = city.client("chair_u1")
    assert post(client, action("share", c.pk), {"org": 999_999}).json()["fields"] == {
        "org": ["没有这个工会组织，请检查 id。"]
    }
    OrgUnit.objects.filter(pk=city.u3.pk).update(status=OrgStatus.DISSOLVED)
    assert post(client, action("share", c.pk), {"org": city.u3.pk}).json()["fields"] == {
        "org": ["请选择在用的工会组织。"]
    }
    assert post(client, action("share", c.pk), {}).status_code == 400
    assert post(city.client("reviewer_d1"), action("share", c.pk), {"org": city.u2.pk}).status_code == 403
    assert post(city.client("outsider"), action("share", c.pk), {"org": city.u2.pk}).json() == NOT_FOUND
    assert not c.shares.exists()


# --- transfer, close, the other steps ----------------------------------------------------------------


def test_a_transfer_moves_the_case_with_its_reason_out_of_the_callers_sight(city: City) -> None:
    c = case(city.u1)
    client = city.client("chair_u1")
    assert post(client, action("transfer", c.pk), {"org": city.u2.pk}).json()["fields"] == {
        "reason": ["转办须写明理由。"]
    }
    assert post(client, action("transfer", c.pk), {"org": 999_999, "reason": "x"}).status_code == 400
    response = post(client, action("transfer", c.pk), {"org": city.u2.pk, "reason": "职工实际在村办企业"})
    assert response.status_code == 200
    assert response.json()["org"]["id"] == city.u2.pk
    assert response.json()["events"][-1]["note"].endswith("职工实际在村办企业")
    assert client.get(detail(c.pk)).json() == NOT_FOUND
    assert city.client("cadre_t1").get(detail(c.pk)).json()["org"]["id"] == city.u2.pk
    assert (
        post(city.client("outsider"), action("transfer", c.pk), {"org": city.u3.pk, "reason": "x"}).status_code == 404
    )


def test_closing_records_the_wages_recovered_in_yuan_or_in_fen(city: City) -> None:
    client = city.client("chair_u1")
    a, b = case(city.u1, status=CaseStatus.IN_PROGRESS), case(city.u1, status=CaseStatus.MEDIATING)
    closed = post(client, action("close", a.pk), {"outcome": "补发工资", "wages_recovered": "3,000.50"}).json()
    assert (closed["status"], closed["wages_recovered"], closed["wages_recovered_fen"]) == ("closed", "3000.50", 300050)
    assert closed["closed_at"] is not None and closed["outcome"] == "补发工资" and closed["actions"] == ["reopen"]
    by_fen = post(client, action("close", b.pk), {"outcome": "调解成功", "wages_recovered_fen": 120000}).json()
    assert by_fen["wages_recovered"] == "1200.00"
    assert post(client, action("close", a.pk), {"outcome": "再次"}).json()["code"] == "conflict"


def test_closing_refuses_bad_amounts_and_a_missing_outcome_by_field(city: City) -> None:
    c = case(city.u1, status=CaseStatus.IN_PROGRESS)
    client = city.client("chair_u1")
    bad = post(client, action("close", c.pk), {"outcome": "", "wages_recovered": "三千"}).json()
    assert set(bad["fields"]) == {"outcome", "wages_recovered"}
    both = post(client, action("close", c.pk), {"outcome": "好", "wages_recovered": "1", "wages_recovered_fen": 100})
    assert both.status_code == 400 and list(both.json()["fields"]) == ["wages_recovered"]
    assert post(city.client("reviewer_d1"), action("close", c.pk), {"outcome": "好"}).status_code == 403
    c.refresh_from_db()
    assert c.status == CaseStatus.IN_PROGRESS and c.wages_recovered_fen == 0


def test_accept_and_the_generic_steps_drive_a_case_through_its_life(city: City) -> None:
    c = case(city.u1)
    client = city.client("chair_u1")
    accepted = post(client, action("accept", c.pk)).json()
    assert accepted["status"] == "in_progress"
    assert accepted["handler"] == {"id": city.users["chair_u1"].pk, "name": "chair_u1"}
    assert post(client, action("accept", c.pk)).status_code == 409
    step = action("transition", c.pk)
    assert post(client, step, {"name": "start_mediation"}).json()["status"] == "mediating"
    assert post(client, step, {"name": "end_mediation"}).json()["fields"] == {"reason": ["「结束调解」须填写理由。"]}
    assert post(client, step, {"name": "end_mediation", "reason": "调解不成"}).json()["code"] == "conflict"
    assert post(client, step, {"name": "withdraw", "reason": "职工已与单位和解"}).json()["status"] == "withdrawn"
    assert list(post(client, step, {"name": "close"}).json()["fields"]) == ["name"]
    assert list(post(client, step, {"name": "fly"}).json()["fields"]) == ["name"]
    kinds = [e["kind"] for e in client.get(detail(c.pk)).json()["events"]]
    assert kinds == ["create", "accept", "start_mediation", "withdraw"]
    assert AuditEvent.objects.filter(action="case.end_mediation", success=False).count() == 2


# --- risk reports ------------------------------------------------------------------------------------


def test_an_information_officer_files_a_risk_report_that_the_federation_above_sees(city: City) -> None:
    body = {
        "org": city.u1.pk,
        "kind": "arrears",
        "level": "red",
        "description": "两个月未发工资，职工酝酿停工",
        "employer": city.e1.pk,
        "affected_count": 80,
        "amount": "960000",
    }
    response = post(bearer(city, "info_u1"), reverse("api:risk_create"), body)
    assert response.status_code == 201
    report = response.json()
    assert (report["status"], report["level"], report["amount"], report["amount_fen"]) == (
        "reported",
        "red",
        "960000.00",
        96_000_000,
    )
    assert report["org"]["id"] == city.u1.pk and report["employer"]["id"] == city.e1.pk
    assert report["ack_overdue"] is False and report["acknowledged_at"] is None
    risk(city.u3)
    federation = city.client("cadre_t1")
    ids = [r["id"] for r in federation.get(reverse("api:risk_list")).json()["items"]]
    assert ids == [report["id"]]
    assert [r["id"] for r in federation.get(reverse("api:risk_list"), {"agenda": True}).json()["items"]] == ids
    assert federation.get(reverse("api:risk_list"), {"level": "blue"}).json()["items"] == []
    url = reverse("api:risk_detail", kwargs={"risk_id": report["id"]})
    assert federation.get(url).json()["no"] == report["no"]
    assert city.client("outsider").get(url).json() == NOT_FOUND
    assert city.client("outsider").get(reverse("api:risk_list"), {"org": city.u1.pk}).json() == NOT_FOUND


def test_a_risk_report_refuses_bad_fields_in_chinese(city: City) -> None:
    body = {"org": city.u1.pk, "kind": "rumour", "level": "", "description": "", "amount": "-5"}
    response = post(city.client("info_u1"), reverse("api:risk_create"), body)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "level", "description", "amount"}
    assert all(CHINESE.search(m) for messages in response.json()["fields"].values() for m in messages)
    assert post(city.client("outsider"), reverse("api:risk_create"), body).json() == NOT_FOUND
    assert not RiskReport.objects.exists()


def test_only_the_federation_above_acknowledges_a_risk_report(city: City) -> None:
    report = risk(city.u1)
    url = reverse("api:risk_acknowledge", kwargs={"risk_id": report.pk})
    # The reporting union reads its report but T1, where acknowledgement happens, lies outside its sight.
    assert city.client("chair_u1").get(reverse("api:risk_detail", kwargs={"risk_id": report.pk})).status_code == 200
    assert post(city.client("chair_u1"), url).json() == NOT_FOUND
    assert post(city.client("info_u1"), url).status_code == 404
    assert post(city.client("reviewer_d1"), url).status_code == 403
    assert post(city.client("outsider"), url).json() == NOT_FOUND
    report.refresh_from_db()
    assert report.status == RiskStatus.REPORTED
    response = post(bearer(city, "cadre_t1"), url)
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged" and response.json()["acknowledged_late"] is False
    assert response.json()["acknowledged_by"]["id"] == city.users["cadre_t1"].pk
    assert post(city.client("cadre_d1"), url).json()["code"] == "conflict"


def test_late_unacknowledged_reports_are_flagged_and_filterable(city: City) -> None:
    late, fresh = risk(city.u1, level="red"), risk(city.u1, level="blue")
    RiskReport.objects.filter(pk=late.pk).update(ack_due_at=timezone.now() - timedelta(hours=1))
    client = city.client("cadre_t1")
    items = client.get(reverse("api:risk_list"), {"ack_overdue": True}).json()["items"]
    assert [(i["id"], i["ack_overdue"]) for i in items] == [(late.pk, True)]
    assert {i["id"] for i in client.get(reverse("api:risk_list"), {"status": "open"}).json()["items"]} == {
        late.pk,
        fresh.pk,
    }


# --- auth and the document ---------------------------------------------------------------------------


def test_a_bearer_token_files_and_reads_without_a_session_and_a_bad_one_is_401(city: City) -> None:
    client = bearer(city, "chair_u1")
    response = post(client, reverse("api:case_create"), filing(city, org=city.u1.pk))
    assert response.status_code == 201
    assert listed(client) == [response.json()["id"]]
    stranger = Client(headers={"Authorization": "Bearer uh_not-a-token"})
    refused = stranger.get(reverse("api:case_list"))
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthorized")
    assert post(Client(), reverse("api:risk_create"), {"org": city.u1.pk}).status_code == 401


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_the_openapi_document_describes_the_rights_routes_and_every_reference_resolves() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    expected = {
        "/api/v1/rights/cases/": {"get", "post"},
        "/api/v1/rights/cases/{case_id}": {"get"},
        "/api/v1/rights/risks/": {"get", "post"},
        "/api/v1/rights/risks/{risk_id}": {"get"},
        "/api/v1/rights/risks/{risk_id}/acknowledge": {"post"},
    } | {f"/api/v1/rights/cases/{{case_id}}/{a}": {"post"} for a in ("accept", "transition", "share", "unshare")}
    expected |= {f"/api/v1/rights/cases/{{case_id}}/{a}": {"post"} for a in ("transfer", "close")}
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    assert "201" in paths["/api/v1/rights/cases/"]["post"]["responses"]
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
    schemas = document["components"]["schemas"]
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
