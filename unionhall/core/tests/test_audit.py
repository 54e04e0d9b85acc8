"""Audit completeness: every writing service records exactly one event, on success and on refusal, and
nothing in the application edits or deletes an event."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

import unionhall
from unionhall.accounts import services as account_services
from unionhall.accounts.models import ApiToken
from unionhall.core.audit_labels import action_label, refusal_parts
from unionhall.core.errors import DomainError
from unionhall.core.models import AuditEvent
from unionhall.orgs import services as org_services
from unionhall.orgs.models import OrgLevel
from unionhall.tests.audit_support import SYSTEM, Recipe
from unionhall.tests.city import City, uscc


def writing_services() -> dict[str, Callable[..., Any]]:
    """Every public function in a `services` (or `…_services`) module that takes an `actor`: the write path's
    doors."""
    found = {}
    for module_info in pkgutil.walk_packages(unionhall.__path__, "unionhall."):
        last = module_info.name.rsplit(".", 1)[-1]
        if ".tests." in module_info.name or not (last == "services" or last.endswith("_services")):
            continue
        module = importlib.import_module(module_info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if (
                fn.__module__ == module.__name__
                and not name.startswith("_")
                and "actor" in inspect.signature(fn).parameters
            ):
                found[f"{module.__name__}.{name}"] = fn
    return found


def totp_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _create_root_ok(c: City) -> Callable[[], Any]:
    from unionhall.orgs.models import Employer, OrgUnit

    Employer.objects.all().delete()
    OrgUnit.objects.all().delete()
    return lambda: org_services.orgunit_create_root(actor=SYSTEM, code="NEW", name="新市总工会")


def _revoke_ok(c: City) -> Callable[[], Any]:
    token, _ = account_services.api_token_create(actor=SYSTEM, user=c.users["cadre_d1"])
    return lambda: account_services.api_token_revoke(actor=SYSTEM, prefix=token.prefix)


def _token_for_inactive(c: City) -> Callable[[], Any]:
    user = c.users["nobody"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    return lambda: account_services.api_token_create(actor=SYSTEM, user=user)


def _confirm(good: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        user = c.users["cadre_d1"]
        device = account_services.totp_device_start(actor=user)
        token = totp_now(device) if good else "000000"
        return lambda: account_services.totp_device_confirm(actor=user, device=device, token=token)

    return prepare


def _grassroots(c: City, actor: str) -> Callable[[], Any]:
    return lambda: org_services.orgunit_create(
        actor=c.users[actor], parent=c.t1, code="D1-T1-U9", level=OrgLevel.GRASSROOTS, name="新工会", kind="enterprise"
    )


CORE_RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.orgs.services.orgunit_create_root": (
        _create_root_ok,
        lambda c: lambda: org_services.orgunit_create_root(actor=SYSTEM, code="X", name="第二个市总"),
    ),
    "unionhall.orgs.services.orgunit_create": (
        lambda c: _grassroots(c, "cadre_d1"),
        lambda c: _grassroots(c, "outsider"),
    ),
    "unionhall.orgs.services.orgunit_update": (
        lambda c: lambda: org_services.orgunit_update(actor=c.users["chair_u1"], unit=c.u1, address="新地址"),
        lambda c: lambda: org_services.orgunit_update(actor=c.users["reviewer_d1"], unit=c.u1, address="新地址"),
    ),
    "unionhall.orgs.services.orgunit_move": (
        lambda c: lambda: org_services.orgunit_move(actor=c.users["city_admin"], unit=c.u2, new_parent=c.t2),
        lambda c: lambda: org_services.orgunit_move(actor=c.users["cadre_d1"], unit=c.u2, new_parent=c.t2),
    ),
    "unionhall.orgs.services.orgunit_dissolve": (
        lambda c: lambda: org_services.orgunit_dissolve(actor=c.users["cadre_d1"], unit=c.u2, reason="村改居"),
        lambda c: lambda: org_services.orgunit_dissolve(actor=c.users["cadre_d1"], unit=c.u1, reason="有单位和下级"),
    ),
    "unionhall.orgs.services.orgunit_merge": (
        lambda c: lambda: org_services.orgunit_merge(actor=c.users["cadre_d1"], unit=c.u2, into=c.u1),
        lambda c: lambda: org_services.orgunit_merge(actor=c.users["chair_u1"], unit=c.u2, into=c.u1),
    ),
    "unionhall.orgs.services.employer_create": (
        lambda c: (
            lambda: org_services.employer_create(
                actor=c.users["cadre_t1"], org=c.t1, name="新单位", uscc=uscc("320508NEW00001")
            )
        ),
        lambda c: lambda: org_services.employer_create(actor=c.users["cadre_t1"], org=c.t1, name="新单位", uscc="bad"),
    ),
    "unionhall.orgs.services.employer_update": (
        lambda c: lambda: org_services.employer_update(actor=c.users["chair_u1"], employer=c.e1, employee_count=320),
        lambda c: lambda: org_services.employer_update(actor=c.users["chair_u3"], employer=c.e1, employee_count=320),
    ),
    "unionhall.accounts.services.user_create": (
        lambda c: lambda: account_services.user_create(actor=SYSTEM, username="new_user", password="Strong-pass-2026"),
        lambda c: lambda: account_services.user_create(actor=SYSTEM, username="new_user", password="short"),
    ),
    "unionhall.accounts.services.grant_add": (
        lambda c: (
            lambda: account_services.grant_add(
                actor=c.users["city_admin"], user=c.users["nobody"], role="reviewer", org=c.d1
            )
        ),
        lambda c: (
            lambda: account_services.grant_add(
                actor=c.users["cadre_d1"], user=c.users["nobody"], role="reviewer", org=c.d1
            )
        ),
    ),
    "unionhall.accounts.services.api_token_create": (
        lambda c: lambda: account_services.api_token_create(actor=SYSTEM, user=c.users["cadre_d1"]),
        _token_for_inactive,
    ),
    "unionhall.accounts.services.api_token_revoke": (
        _revoke_ok,
        lambda c: lambda: account_services.api_token_revoke(actor=SYSTEM, prefix="uh_missing"),
    ),
    # Nothing refuses starting an enrolment of one's own second factor.
    "unionhall.accounts.services.totp_device_start": (
        lambda c: lambda: account_services.totp_device_start(actor=c.users["cadre_d1"]),
        None,
    ),
    "unionhall.accounts.services.totp_device_confirm": (_confirm(good=True), _confirm(good=False)),
}


def collect_recipes() -> dict[str, tuple[Recipe, Recipe | None]]:
    """The core table plus every app's `tests/audit_recipes.py` RECIPES."""
    recipes = dict(CORE_RECIPES)
    for module_info in pkgutil.iter_modules(unionhall.__path__):
        try:
            module = importlib.import_module(f"unionhall.{module_info.name}.tests.audit_recipes")
        except ModuleNotFoundError as error:
            # none there (the test kit, unionhall/tests, has no tests package of its own); raise what else fails
            if not f"unionhall.{module_info.name}.tests.audit_recipes".startswith(error.name or "?"):
                raise
            continue
        recipes.update(module.RECIPES)
    return recipes


RECIPES = collect_recipes()


def test_every_writing_service_has_an_audit_recipe() -> None:
    assert set(writing_services()) == set(RECIPES)


def new_events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("service", sorted(RECIPES))
def test_a_successful_service_call_writes_exactly_one_success_event(city: City, service: str) -> None:
    call = RECIPES[service][0](city)
    before = last_id()
    call()
    events = new_events(before)
    assert len(events) == 1
    assert events[0].success is True
    assert action_label(events[0].action), f"no Chinese label for {events[0].action} in core/audit_labels.py"
    assert events[0].action.replace(".", "_") in service.replace("orgunit_create_root", "orgunit_create")


@pytest.mark.parametrize("service", sorted(s for s, (_, bad) in RECIPES.items() if bad is not None))
def test_a_refused_service_call_writes_exactly_one_failure_event(city: City, service: str) -> None:
    refused = RECIPES[service][1]
    assert refused is not None
    call = refused(city)
    before = last_id()
    with pytest.raises(DomainError):
        call()
    events = new_events(before)
    assert len(events) == 1
    assert events[0].success is False
    assert events[0].reason
    assert action_label(events[0].action), f"no Chinese label for {events[0].action} in core/audit_labels.py"
    assert refusal_parts(events[0].reason)[0], f"no Chinese label for the refusal {events[0].reason!r}"


def test_a_refusal_names_the_actor_the_org_and_why(city: City) -> None:
    with pytest.raises(DomainError):
        org_services.orgunit_update(actor=city.users["reviewer_d1"], unit=city.u1, address="x")
    event = AuditEvent.objects.latest("id")
    assert (event.actor_name, event.action, event.org_id, event.success) == (
        "reviewer_d1",
        "orgunit.update",
        city.u1.pk,
        False,
    )
    assert event.reason.startswith("permission_denied")
    assert event.object_id == str(city.u1.pk)


def test_a_failed_write_leaves_no_half_saved_change(city: City) -> None:
    with pytest.raises(DomainError):
        org_services.orgunit_update(actor=city.users["chair_u1"], unit=city.u1, address="保存不了", uscc="123")
    city.u1.refresh_from_db()
    assert city.u1.address == ""


def test_an_out_of_scope_page_visit_is_recorded_as_refused(city: City) -> None:
    city.client("cadre_d1").get(reverse("orgs:detail", kwargs={"pk": city.u3.pk}), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.latest("id")
    assert (event.actor_name, event.success, event.object_id) == ("cadre_d1", False, str(city.u3.pk))
    assert event.client_address == "10.1.2.3"
    assert event.via == "web"


def test_a_missing_object_is_not_an_audit_event(city: City) -> None:
    client = city.client("cadre_d1")
    before = AuditEvent.objects.count()
    client.get(reverse("orgs:detail", kwargs={"pk": 999_999}))
    assert AuditEvent.objects.count() == before


def test_a_page_write_records_the_client_address(city: City) -> None:
    client = city.client("chair_u1")
    response = client.post(
        reverse("orgs:edit", kwargs={"pk": city.u1.pk}),
        {"name": city.u1.name, "kind": "enterprise", "address": "新址", "employee_count": 300},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302, response.context["form"].errors
    event = AuditEvent.objects.filter(action="orgunit.update").latest("id")
    assert event.client_address == "192.0.2.7"
    assert event.changes["address"] == ["", "新址"]


def test_the_application_cannot_edit_or_delete_an_event(city: City) -> None:
    org_services.orgunit_update(actor=city.users["chair_u1"], unit=city.u1, address="A")
    event = AuditEvent.objects.latest("id")
    event.reason = "tampered"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    with pytest.raises(RuntimeError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(RuntimeError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_an_update_of_an_event_even_from_raw_sql(city: City) -> None:
    org_services.orgunit_update(actor=city.users["chair_u1"], unit=city.u1, address="A")
    event = AuditEvent.objects.latest("id")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_no_route_edits_or_deletes_events() -> None:
    from unionhall.core.tests.test_authorization import all_route_names

    assert not [name for name in all_route_names() if "audit" in name and name != "console:audit"]
    # the audit page only answers GET
    from django.test import Client

    assert Client().post(reverse("console:audit")).status_code == 405


def test_a_token_is_stored_only_as_a_digest(city: City) -> None:
    token, plain = account_services.api_token_create(actor=SYSTEM, user=city.users["cadre_d1"])
    assert plain not in {t.digest for t in ApiToken.objects.all()}
    assert token.prefix == plain[:10]


def test_a_service_inside_another_service_leaves_one_event(city: City) -> None:
    from unionhall.core.audit import audited

    before = last_id()
    with audited(actor=SYSTEM, action="outer.action", org=city.u1):
        org_services.orgunit_update(actor=SYSTEM, unit=city.u1, address="里层")
    events = new_events(before)
    assert [e.action for e in events] == ["outer.action"]
    city.u1.refresh_from_db()
    assert city.u1.address == "里层"
