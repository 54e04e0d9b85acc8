"""/api/v1/assistance/archives/: the scoped list (ID masked), one archive, filing a draft, the outsider's 404."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from unionhall.assistance.models import FileStatus, HardshipFile
from unionhall.assistance.tests.support import new_id
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file


def test_the_list_is_scoped_paginated_filtered_and_masked(city: City) -> None:
    a = hardship_file(city.u1, name="东甲")
    b = hardship_file(city.u2, name="东乙", status=FileStatus.NOTICE)
    hardship_file(city.u3, name="西丙")
    client = city.client("cadre_d1")
    body = client.get(reverse("api:archive_list")).json()
    assert body["count"] == 2
    assert {i["id"] for i in body["items"]} == {a.pk, b.pk}
    item = next(i for i in body["items"] if i["id"] == a.pk)
    assert item["id_number"] == a.person.id_number_masked and "*" in item["id_number"]
    assert item["bank_account"] == "6222 **** **** 0123"
    assert (item["monthly_income"], item["per_capita_income"]) == ("1500.00", "500.00")
    assert [i["id"] for i in client.get(reverse("api:archive_list"), {"status": "notice"}).json()["items"]] == [b.pk]
    assert [i["id"] for i in client.get(reverse("api:archive_list"), {"org": city.u1.pk}).json()["items"]] == [a.pk]
    assert client.get(reverse("api:archive_list"), {"org": city.u3.pk}).status_code == 404


def test_one_archive_and_the_outsider_gets_404_like_a_missing_one(city: City) -> None:
    a = hardship_file(city.u1)
    url = reverse("api:archive_detail", kwargs={"archive_id": a.pk})
    assert city.client("reviewer_d1").get(url).json()["no"] == a.no
    foreign = city.client("outsider").get(url)
    missing = city.client("outsider").get(reverse("api:archive_detail", kwargs={"archive_id": 999_999}))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == {"code": "not_found", "message": "未找到该记录。"}


def _post(city: City, who: str, **extra: object) -> Any:
    payload = {
        "org": city.u1.pk,
        "name": "接口甲",
        "id_number": new_id(),
        "causes": ["illness"],
        "household_size": 2,
        "monthly_income": "1000.00",
        **extra,
    }
    return city.client(who).post(
        reverse("api:archive_create"), data=json.dumps(payload), content_type="application/json"
    )


def test_posting_files_a_draft_through_the_same_service(city: City) -> None:
    response = _post(city, "chair_u1")
    assert response.status_code == 201
    body = response.json()
    f = HardshipFile.objects.get(pk=body["id"])
    assert (f.status, f.monthly_income_fen, body["status"]) == ("draft", 100000, "draft")
    assert AuditEvent.objects.filter(action="hardship_file.create", success=True).count() == 1


def test_posting_refusals_come_back_as_json_in_chinese(city: City) -> None:
    bad = _post(city, "chair_u1", id_number="123", causes=[])
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"id_number", "causes"}
    assert _post(city, "reviewer_d1").status_code == 403
    assert _post(city, "outsider").status_code == 404
    assert not HardshipFile.objects.exists()
