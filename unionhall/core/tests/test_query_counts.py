"""No N+1 on the audit trail page: its queries stay the same however many events it shows."""

from __future__ import annotations

from django.urls import reverse

from unionhall.core.audit import PendingEvent, record
from unionhall.tests.city import City
from unionhall.tests.querycount import assert_queries_do_not_grow


def events(city: City, n: int) -> None:
    """Events at different units of D1, by different people, successes and refusals."""
    units = [city.d1, city.t1, city.u1, city.u2, city.b1]
    people = [city.users[name] for name in ("cadre_d1", "cadre_t1", "chair_u1")]
    for i in range(n):
        event = PendingEvent(actor=people[i % len(people)], action="guard.row", org=units[i % len(units)])
        event.target(units[(i + 1) % len(units)])
        record(event, success=i % 3 != 0, reason="" if i % 3 else "not_found: 超出权限范围")


def test_audit_list_queries_do_not_grow_with_rows(city: City) -> None:
    events(city, 2)
    client = city.client("reviewer_d1")
    url = reverse("console:audit")
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: events(city, 13), rows=lambda c: c.text.count("<code>guard.row</code>")
    )
    assert shown == (2, 15)
    assert city.client("outsider").get(url).status_code == 404
