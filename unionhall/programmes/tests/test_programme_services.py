"""The city admin configures programmes at the root; every save is validated and audited."""

from __future__ import annotations

from typing import Any

import pytest

from unionhall.assistance.models import Programme
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.programmes import services
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db

RULES: dict[str, Any] = {"categories": ["relative", "deep"], "max_per_year": 1, "evidence": ["income"]}
AMOUNTS: dict[str, Any] = {"default": 500_00, "by_category": {"deep": 1_000_00}, "max": 2_000_00}


def save(actor: Any, **extra: Any) -> Programme:
    values: dict[str, Any] = {"code": "WARM", "name": "送温暖", "kind": "warmth", "fund": None}
    return services.programme_save(actor=actor, **(values | {"rules": RULES, "amounts": AMOUNTS} | extra))


def test_the_city_admin_creates_a_programme_with_clean_rules(city: City) -> None:
    p = save(city.users["city_admin"])
    assert p.rules == {"categories": ["deep", "relative"], "max_per_year": 1, "evidence": ["income"]}
    assert p.amounts == AMOUNTS
    event = AuditEvent.objects.get(action="programme.save")
    assert (event.success, event.org_id, event.object_id) == (True, city.city.pk, str(p.pk))
    assert event.changes["created"] is True


def test_an_update_records_what_changed(city: City) -> None:
    p = save(city.users["city_admin"])
    save(city.users["city_admin"], programme=p, name="两节送温暖", amounts=AMOUNTS | {"max": 3_000_00})
    p.refresh_from_db()
    assert p.name == "两节送温暖"
    event = AuditEvent.objects.filter(action="programme.save").latest("id")
    assert event.changes["name"] == ["送温暖", "两节送温暖"]
    assert "amounts" in event.changes and "code" not in event.changes


@pytest.mark.parametrize("actor", ["cadre_d1", "chair_u1", "reviewer_d1", "sysadmin"])
def test_nobody_below_the_root_configures_programmes(city: City, actor: str) -> None:
    with pytest.raises(NotFound):
        save(city.users[actor])
    assert not Programme.objects.exists()
    event = AuditEvent.objects.get(action="programme.save")
    assert event.success is False and event.actor_name == actor


def test_bad_rules_come_back_on_their_fields_and_nothing_is_saved(city: City) -> None:
    with pytest.raises(ValidationError) as caught:
        save(
            city.users["city_admin"],
            code="bad code",
            name="",
            rules={"categories": [], "max_per_year": 0},
            amounts={"default": 3_000_00, "max": 2_000_00},
        )
    errors = caught.value.field_errors
    assert set(errors) >= {"code", "name", "categories", "max_per_year", "amount_default"}
    assert not Programme.objects.exists()
    assert AuditEvent.objects.get(action="programme.save").success is False


def test_a_code_is_used_once(city: City) -> None:
    save(city.users["city_admin"])
    with pytest.raises(ValidationError) as caught:
        save(city.users["city_admin"], name="另一个")
    assert caught.value.field_errors["code"] == ["该编码已被其他帮扶项目使用。"]


def test_only_education_sets_amounts_by_school_tier(city: City) -> None:
    with pytest.raises(ValidationError) as caught:
        save(city.users["city_admin"], amounts={"by_tier": {"key": 500_00}})
    assert caught.value.field_errors["tier_key"] == ["只有金秋助学按院校层次设定金额。"]
    p = save(city.users["city_admin"], code="EDU", kind="education", amounts={"by_tier": {"key": 500_00}})
    assert p.amounts == {"by_tier": {"key": 500_00}}


def test_a_stopped_fund_cannot_pay_a_programme(city: City) -> None:
    fund = factories.fund()
    fund.active = False
    fund.save()
    with pytest.raises(ValidationError) as caught:
        save(city.users["city_admin"], fund=fund)
    assert "fund" in caught.value.field_errors


def test_deactivate_then_activate_and_each_twice_is_a_conflict(city: City) -> None:
    admin = city.users["city_admin"]
    p = factories.programme()
    services.programme_deactivate(actor=admin, programme=p)
    p.refresh_from_db()
    assert p.active is False
    with pytest.raises(Conflict):
        services.programme_deactivate(actor=admin, programme=p)
    services.programme_activate(actor=admin, programme=p)
    p.refresh_from_db()
    assert p.active is True
    with pytest.raises(Conflict):
        services.programme_activate(actor=admin, programme=p)
    outcomes = list(
        AuditEvent.objects.filter(action__startswith="programme.").order_by("id").values_list("action", "success")
    )
    assert outcomes == [
        ("programme.deactivate", True),
        ("programme.deactivate", False),
        ("programme.activate", True),
        ("programme.activate", False),
    ]


def test_the_outsider_cannot_stop_a_programme(city: City) -> None:
    p = factories.programme()
    with pytest.raises(NotFound):
        services.programme_deactivate(actor=city.users["outsider"], programme=p)
    p.refresh_from_db()
    assert p.active is True
