"""The audit page: scoped, filterable, read-only."""

from __future__ import annotations

from django.urls import reverse

from unionhall.core.audit import PendingEvent, record
from unionhall.tests.city import City


def actions(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.action for e in response.context["page"]]


def seed_events(city: City) -> None:
    for org, action, ok in ((city.u1, "demo.u1", True), (city.u3, "demo.u3", True), (city.b1, "demo.b1", False)):
        record(PendingEvent(actor="tester", action=action, org=org), success=ok, reason="" if ok else "denied")
    record(PendingEvent(actor="tester", action="demo.none"), success=True)


def test_a_reviewer_sees_events_of_their_subtree_only(city: City) -> None:
    seed_events(city)
    seen = actions(city.client("reviewer_d1").get(reverse("console:audit"), {"action": "demo."}))
    assert sorted(seen) == ["demo.b1", "demo.u1"]


def test_the_city_level_sees_events_tied_to_no_unit(city: City) -> None:
    seed_events(city)
    seen = actions(city.client("sysadmin").get(reverse("console:audit"), {"action": "demo."}))
    assert sorted(seen) == ["demo.b1", "demo.none", "demo.u1", "demo.u3"]


def test_filters_by_org_subtree_result_and_actor(city: City) -> None:
    seed_events(city)
    client = city.client("city_admin")
    url = reverse("console:audit")
    assert sorted(actions(client.get(url, {"action": "demo.", "org": "D1-T1-U1"}))) == ["demo.b1", "demo.u1"]
    assert actions(client.get(url, {"action": "demo.", "success": "0"})) == ["demo.b1"]
    assert actions(client.get(url, {"action": "demo.", "actor": "nobody-like-this"})) == []
    response = city.client("reviewer_d1").get(url, {"org": "D2"})
    assert actions(response) == []
    assert response.context["form"].errors["org"] == ["在您的权限范围内没有这个编码的组织。"]
