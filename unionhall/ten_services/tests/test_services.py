"""Recording and correcting 十送 deliveries: allowed where the actor may request assistance, refused with an
audit event elsewhere; named beneficiaries only from the actor's own scope; corrections keep a diff."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from unionhall.core.errors import NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.ten_services import services
from unionhall.ten_services.models import ServiceDelivery
from unionhall.ten_services.tests.helpers import members, record, u1_id, u3_id
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 1)


def rec(c: City, actor: str = "chair_u1", **extra: Any) -> ServiceDelivery:
    values: dict[str, Any] = {"org": c.u1, "kind": "legal", "delivered_on": ON, "title": "法律咨询进企业"}
    return services.delivery_record(actor=c.users[actor], **(values | extra))


def test_a_chair_records_a_counted_delivery(city: City) -> None:
    d = rec(city, beneficiary_count=40, cost_fen=1_200_00)
    assert (d.org, d.beneficiary_count, d.cost_fen, d.recorded_by) == (city.u1, 40, 1_200_00, city.users["chair_u1"])
    event = AuditEvent.objects.get(action="delivery.record")
    assert (event.success, event.org_id, event.object_id) == (True, city.u1.pk, str(d.pk))


def test_named_beneficiaries_are_found_by_id_number_or_member_number(city: City) -> None:
    m = members(city)
    archive = factories.hardship_file(city.u1, name="王困难")
    d = rec(city, beneficiaries=[u1_id().lower(), m["u1"].member_no.lower(), archive.person.reveal_id_number()])
    assert set(d.beneficiaries.values_list("name", flat=True)) == {"张三", "王困难"}
    assert d.beneficiary_count == 2  # the same person named twice counts once; no count given → the named ones


def test_a_person_outside_the_actors_scope_is_not_found_like_a_missing_one(city: City) -> None:
    members(city)
    with pytest.raises(ValidationError) as foreign:
        rec(city, beneficiaries=[u3_id()])
    with pytest.raises(ValidationError) as missing:
        rec(city, beneficiaries=["110101199003070000"[:17] + "X"])
    message = foreign.value.field_errors["beneficiaries"][0]
    assert "须为您权限范围内的会员或困难职工" in message
    assert u3_id() not in message and u3_id()[-4:] in message  # echoed masked
    assert missing.value.field_errors["beneficiaries"]
    assert not ServiceDelivery.objects.exists()


def test_bad_input_is_refused_field_by_field(city: City) -> None:
    members(city)
    with pytest.raises(ValidationError) as caught:
        rec(
            city,
            kind="party",
            title=" ",
            delivered_on=timezone.localdate() + timedelta(days=1),
            beneficiary_count=0,
            cost_fen=-1,
        )
    assert set(caught.value.field_errors) == {"kind", "title", "delivered_on", "beneficiary_count", "cost"}
    with pytest.raises(ValidationError) as caught:
        rec(city, beneficiary_count=0, beneficiaries=[u1_id()])
    assert caught.value.field_errors["beneficiary_count"] == ["受益人数须为正整数。"]
    with pytest.raises(ValidationError) as caught:
        rec(city, beneficiary_count=1, beneficiaries=[u1_id(), "GH9999999999"])
    assert "GH9999999999" in caught.value.field_errors["beneficiaries"][0]


def test_a_reviewer_may_not_record_and_an_outsider_does_not_see_the_union(city: City) -> None:
    with pytest.raises(PermissionDenied):
        rec(city, actor="reviewer_d1", beneficiary_count=1)
    with pytest.raises(NotFound):
        rec(city, actor="outsider", beneficiary_count=1)
    outcomes = list(AuditEvent.objects.order_by("id").values_list("action", "success", "actor_name"))
    assert outcomes == [("delivery.record", False, "reviewer_d1"), ("delivery.record", False, "outsider")]
    assert not ServiceDelivery.objects.exists()


def test_a_correction_records_old_and_new_values(city: City) -> None:
    m = members(city)
    d = record(city.u1, "culture", count=10)
    services.delivery_update(
        actor=city.users["cadre_t1"],
        delivery=d,
        beneficiary_count=12,
        title="送文化进社区",
        beneficiaries=[m["u1"].member_no],
    )
    d.refresh_from_db()
    assert (d.beneficiary_count, d.title) == (12, "送文化进社区")
    event = AuditEvent.objects.get(action="delivery.update")
    assert event.changes["beneficiary_count"] == [10, 12]
    assert event.changes["beneficiaries"] == [[], [m["u1"].person_id]]
    assert "kind" not in event.changes


def test_a_correction_cannot_drop_the_count_below_the_named_persons(city: City) -> None:
    members(city)
    d = rec(city, beneficiaries=[u1_id()])
    with pytest.raises(ValidationError) as caught:
        services.delivery_update(actor=city.users["chair_u1"], delivery=d, beneficiary_count=0)
    assert "beneficiary_count" in caught.value.field_errors
    with pytest.raises(ValidationError):
        services.delivery_update(actor=city.users["chair_u1"], delivery=d, org=city.u2)


def test_the_outsider_cannot_correct_a_record_of_another_district(city: City) -> None:
    d = record(city.u1)
    with pytest.raises(NotFound):
        services.delivery_update(actor=city.users["outsider"], delivery=d, beneficiary_count=99)
    d.refresh_from_db()
    assert d.beneficiary_count == 10


def test_identifiers_are_split_on_lines_commas_and_spaces() -> None:
    assert services.split_identifiers("a\nb，c; d  e、f") == ["a", "b", "c", "d", "e", "f"]
