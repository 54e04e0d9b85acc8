"""/api/v1/meetings/ and /api/v1/resolutions/: registering a meeting, its agenda with each item's kind and the
id it points at, a resolution recorded and then answered by the department's liaison; another district's
meeting 404 like a missing one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from unionhall.meetings.tests.support import departments, meeting
from unionhall.tests import factories
from unionhall.tests.city import City
from unionhall.workcalendar import workdays

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_cadre_registers_a_meeting_and_reads_its_agenda(city: City) -> None:
    risk = factories.risk(city.u1, level="red")
    factories.risk(city.u3, level="red")
    client = city.client("cadre_d1")
    made = client.post(
        reverse("api:meeting_create"),
        {"org": city.d1.pk, "date": str(workdays.today()), "title": "东区联席会议"},
        content_type=JSON,
    )
    assert made.status_code == 201
    body = made.json()
    assert body["org"] == city.d1.pk and body["status"] == "planned"
    agenda = client.get(reverse("api:meeting_agenda", args=[body["id"]])).json()
    assert agenda["frozen"] is False
    risks = [i for i in agenda["items"] if i["kind"] == "risk"]
    assert [i["ref"] for i in risks] == [str(risk.pk)]
    assert {i["kind"] for i in agenda["items"]} <= {"risk", "coverage_gap", "resolution", "manual"}


def test_a_grassroots_union_hosts_no_meeting(city: City) -> None:
    answer = city.client("city_admin", verified=True).post(
        reverse("api:meeting_create"), {"org": city.u1.pk, "date": "2026-06-01", "title": "会"}, content_type=JSON
    )
    assert answer.status_code == 400 and "org" in answer.json()["fields"]


def test_a_resolution_is_recorded_then_answered_by_the_liaison(city: City) -> None:
    d = departments(city)
    m = meeting(city)
    due = str(workdays.today() + timedelta(days=30))
    recorded = city.client("cadre_d1").post(
        reverse("api:resolution_record", args=[m.pk]),
        {"title": "清欠专项行动", "department": d.rs.pk, "due_on": due},
        content_type=JSON,
    )
    assert recorded.status_code == 201
    r = recorded.json()
    assert r["department"] == d.rs.pk and r["status"] == "open" and r["due_on"] == due
    liaison = city.client("liaison_d1")
    assert [x["id"] for x in liaison.get(reverse("api:resolution_list")).json()["items"]] == [r["id"]]
    progress = liaison.post(reverse("api:resolution_progress", args=[r["id"]]), {"text": "已部署"}, content_type=JSON)
    assert progress.status_code == 200 and progress.json()["status"] == "in_progress"
    closed = liaison.post(reverse("api:resolution_close", args=[r["id"]]), {"evidence": "已清欠"}, content_type=JSON)
    assert closed.status_code == 200 and closed.json()["status"] == "done"


def test_a_department_of_another_district_is_refused_at_its_field(city: City) -> None:
    d = departments(city)
    answer = city.client("cadre_d1").post(
        reverse("api:resolution_record", args=[meeting(city).pk]),
        {"title": "清欠", "department": d.west.pk, "due_on": "2030-01-01"},
        content_type=JSON,
    )
    assert answer.status_code == 400 and "department" in answer.json()["fields"]


def test_a_meeting_of_another_district_is_404_like_a_missing_one(city: City) -> None:
    west = meeting(city, org=city.d2)
    client = city.client("cadre_d1")
    foreign = client.get(reverse("api:meeting_agenda", args=[west.pk]))
    missing = client.get(reverse("api:meeting_agenda", args=[999_999]))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert client.get(reverse("api:meeting_list")).json()["items"] == []


def test_a_meeting_is_held_through_the_api_which_freezes_its_agenda_and_cannot_be_held_twice(city: City) -> None:
    m = meeting(city)
    risk = factories.risk(city.u1, level="red")
    client = city.client("cadre_d1")
    held = client.post(reverse("api:meeting_hold", args=[m.pk]), content_type=JSON)
    assert held.status_code == 200 and held.json()["status"] == "held"
    type(risk).objects.filter(pk=risk.pk).update(status="closed")
    agenda = client.get(reverse("api:meeting_agenda", args=[m.pk])).json()
    assert agenda["frozen"] is True and str(risk.pk) in {i["ref"] for i in agenda["items"]}
    again = client.post(reverse("api:meeting_hold", args=[m.pk]), content_type=JSON)
    assert again.status_code == 409 and "已召开" in again.json()["message"]
    west = meeting(city, org=city.d2)
    assert client.post(reverse("api:meeting_hold", args=[west.pk]), content_type=JSON).status_code == 404
    assert city.client("outsider").post(reverse("api:meeting_hold", args=[m.pk]), content_type=JSON).status_code == 404


def test_cancelling_through_the_api_needs_a_reason(city: City) -> None:
    m = meeting(city)
    client = city.client("cadre_d1")
    blank = client.post(reverse("api:meeting_cancel", args=[m.pk]), {"reason": " "}, content_type=JSON)
    assert blank.status_code == 400 and "reason" in blank.json()["fields"]
    done = client.post(reverse("api:meeting_cancel", args=[m.pk]), {"reason": "台风停会"}, content_type=JSON)
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    m.refresh_from_db()
    assert m.cancel_reason == "台风停会"
