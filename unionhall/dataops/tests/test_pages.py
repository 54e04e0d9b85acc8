"""The retention page: the system admin sees every kind with its period and sets one; an outsider gets 404."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.dataops import retention
from unionhall.tests.city import City


def test_the_system_admin_sees_every_kind_and_sets_a_period(city: City) -> None:
    client = city.client("sysadmin")
    page = client.get(reverse("dataops:retention")).content.decode()
    assert all(kind.label in page for kind in retention.KINDS.values())
    response = client.post(reverse("dataops:retention"), {"kind": "notification", "days": "200"})
    assert response.status_code == 302 and retention.days_for("notification") == 200
    assert AuditEvent.objects.get(action="retention_policy.set").actor_name == "sysadmin"


def test_a_period_below_the_floor_is_shown_as_an_error_in_chinese(city: City) -> None:
    response = city.client("sysadmin").post(
        reverse("dataops:retention"), {"kind": "hardship_file_exited", "days": "30"}
    )
    assert response.status_code == 200 and "保存天数须在 365 至 36500 之间" in response.content.decode()
    assert retention.days_for("hardship_file_exited") == 5 * 365


def test_an_outsider_and_a_grassroots_chair_get_404_and_change_nothing(city: City) -> None:
    for who in ("outsider", "chair_u1"):
        client: Client = city.client(who)
        assert client.get(reverse("dataops:retention")).status_code == 404
        assert client.post(reverse("dataops:retention"), {"kind": "login_code", "days": "1"}).status_code == 404
    assert retention.days_for("login_code") == 30
