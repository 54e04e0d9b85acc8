"""/api/v1/supervision/: the list scoped like the pages (a liaison: its department's), a task of another
district answering 404, a progress note and a closing through the services, the departments with phones
masked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.supervision.models import TaskStatus
from unionhall.supervision.tests.support import departments, task
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_list_holds_what_the_caller_may_see(city: City) -> None:
    d = departments(city)
    ours = task(city, department=d.rs)
    other = task(city, department=d.zj)
    west = task(city, department=d.west, org=city.t2)
    ids = lambda name: {t["id"] for t in city.client(name).get(reverse("api:task_list")).json()["items"]}  # noqa: E731
    assert ids("cadre_d1") == {ours.pk, other.pk}
    assert ids("liaison_d1") == {ours.pk}
    assert ids("outsider") == {west.pk}
    assert city.client("nobody").get(reverse("api:task_list")).status_code == 404


def test_a_task_of_another_district_is_404_like_a_missing_one(city: City) -> None:
    west = task(city, department=departments(city).west, org=city.t2)
    client = city.client("cadre_d1")
    foreign = client.get(reverse("api:task_detail", args=[west.pk]))
    missing = client.get(reverse("api:task_detail", args=[999_999]))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_the_liaison_records_progress_and_closes_through_the_api(city: City) -> None:
    t = task(city, department=departments(city).rs)
    client = city.client("liaison_d1")
    url = reverse("api:task_progress", args=[t.pk])
    answer = client.post(url, {"text": "已约谈"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == TaskStatus.IN_PROGRESS
    refused = client.post(reverse("api:task_close", args=[t.pk]), {"evidence": " "}, content_type="application/json")
    assert refused.status_code == 400 and "evidence" in refused.json()["fields"]
    closed = client.post(
        reverse("api:task_close", args=[t.pk]), {"evidence": "已发放"}, content_type="application/json"
    )
    body = closed.json()
    assert body["status"] == TaskStatus.DONE and body["evidence"] == "已发放"
    assert [e["step"] for e in body["events"]] == ["open", "progress", "close"]


def test_the_departments_list_masks_phones_and_stays_in_reach(city: City) -> None:
    departments(city)
    items = city.client("cadre_d1").get(reverse("api:department_list")).json()["items"]
    assert {d["short_name"] for d in items} == {"人社局", "住建局"}
    phones = [c["phone"] for d in items for c in d["liaisons"]]
    assert "139****1111" in phones and "13900001111" not in phones
