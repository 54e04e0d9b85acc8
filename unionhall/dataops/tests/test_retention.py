"""Retention: each kind of record is purged once its period has passed, nothing else is touched, and a run
is one audit event counting what went per kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from unionhall.assistance.models import EvidenceFile, FileStatus, HardshipFile, HouseholdMember
from unionhall.core.errors import PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.dataops import services
from unionhall.joining.models import JoinApplication
from unionhall.notifications.models import Notification
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file, valid_id
from unionhall.worker_portal.models import LoginCode

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def login_code() -> LoginCode:
    return LoginCode.objects.create(phone="13900001234", code_hash="x" * 64, expires_at=T0 + timedelta(minutes=5))


def application(status: str, city: City, n: int) -> JoinApplication:
    app = JoinApplication(code=f"A{n:07d}", name="张三", phone="13900001234", employer_text="某公司", org=city.u1)
    app.set_id_number(valid_id(f"32050819900101{n:03d}"))
    app.status, app.decided_at = status, T0
    app.save()
    return app


def purge_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="expired_records.purge").order_by("id"))


def test_a_login_code_just_inside_thirty_days_stays_and_one_past_goes_leaving_other_kinds(city: City) -> None:
    with time_machine.travel(T0, tick=False):
        code = login_code()
        note = Notification.objects.create(user=city.users["chair_u1"], kind="test", title="提醒")
    with time_machine.travel(T0 + timedelta(days=30) - timedelta(minutes=1), tick=False):
        assert services.expired_records_purge(actor=SYSTEM)["login_code"] == 0
    assert LoginCode.objects.filter(pk=code.pk).exists()
    with time_machine.travel(T0 + timedelta(days=30, minutes=1), tick=False):
        counts = services.expired_records_purge(actor=SYSTEM)
    assert not LoginCode.objects.filter(pk=code.pk).exists()
    assert Notification.objects.filter(pk=note.pk).exists()
    assert counts == {
        "login_code": 1,
        "join_application_rejected": 0,
        "join_application_approved": 0,
        "notification": 0,
        "hardship_file_exited": 0,
    }
    assert [e.changes["purged"]["login_code"] for e in purge_events()] == [0, 1]


def test_one_run_is_one_audit_event_counting_every_kind(city: City) -> None:
    with time_machine.travel(T0, tick=False):
        login_code()
        login_code()
        Notification.objects.create(user=city.users["chair_u1"], kind="test", title="提醒")
        application("rejected", city, 1)
        application("approved", city, 2)
    with time_machine.travel(T0 + timedelta(days=366), tick=False):
        call_command("purge_expired")
    (event,) = purge_events()
    assert (event.actor_name, event.success) == ("manage.py purge_expired", True)
    assert event.changes["purged"] == {
        "login_code": 2,
        "join_application_rejected": 1,
        "join_application_approved": 0,
        "notification": 1,
        "hardship_file_exited": 0,
    }
    assert list(JoinApplication.objects.values_list("status", flat=True)) == ["approved"]


def test_a_dry_run_counts_and_deletes_nothing(city: City) -> None:
    with time_machine.travel(T0, tick=False):
        login_code()
    with time_machine.travel(T0 + timedelta(days=31), tick=False):
        call_command("purge_expired", "--dry-run")
    assert LoginCode.objects.count() == 1
    (event,) = purge_events()
    assert event.changes == {"dry_run": True, "purged": event.changes["purged"]}
    assert event.changes["purged"]["login_code"] == 1


def test_the_city_sets_a_longer_period_and_the_purge_follows_it(city: City) -> None:
    services.retention_policy_set(actor=city.users["sysadmin"], kind="login_code", days=60)
    with time_machine.travel(T0, tick=False):
        login_code()
    with time_machine.travel(T0 + timedelta(days=45), tick=False):
        services.expired_records_purge(actor=SYSTEM)
    assert LoginCode.objects.count() == 1


def test_a_period_below_the_kinds_minimum_is_refused_and_only_the_officer_may_set_it(city: City) -> None:
    with pytest.raises(ValidationError) as refused:
        services.retention_policy_set(actor=city.users["sysadmin"], kind="hardship_file_exited", days=30)
    assert "365" in refused.value.field_errors["days"][0]
    with pytest.raises(PermissionDenied):
        services.retention_policy_set(actor=city.users["chair_u1"], kind="login_code", days=60)


def test_an_exited_archive_goes_with_its_uploads_five_years_after_exit_and_a_recent_one_stays(
    city: City, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    old = hardship_file(city.u1, status=FileStatus.EXITED, exited_on=T0.date(), description="旧情况")
    HouseholdMember.objects.create(file=old, name="李小", relation="child")
    proof = EvidenceFile(file=old, kind="income", name="p.pdf", content_type="application/pdf", size=4, sha256="0")
    proof.content.save("p.pdf", ContentFile(b"%PDF"), save=True)
    recent = hardship_file(city.u1, status=FileStatus.EXITED, exited_on=T0.date() + timedelta(days=400))
    with (
        time_machine.travel(T0 + timedelta(days=5 * 365 + 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = services.expired_records_purge(actor=SYSTEM)
    assert counts["hardship_file_exited"] == 1
    assert list(HardshipFile.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not HouseholdMember.objects.exists()
    assert list(tmp_path.rglob("*.pdf")) == []


def test_the_purge_never_deletes_audit_events(city: City) -> None:
    with time_machine.travel(T0, tick=False):
        services.retention_policy_set(actor=city.users["sysadmin"], kind="login_code", days=40)
    with time_machine.travel(T0 + timedelta(days=3650), tick=False):
        services.expired_records_purge(actor=SYSTEM)
    assert AuditEvent.objects.filter(action="retention_policy.set").count() == 1


def test_the_retention_command_lists_every_kind_and_sets_one_as_the_command(city: City) -> None:
    out = StringIO()
    call_command("retention", "--set", "notification=400", stdout=out)
    assert "notification\t400 天" in out.getvalue() and "login_code\t30 天" in out.getvalue()
    event = AuditEvent.objects.get(action="retention_policy.set")
    assert (event.actor_name, event.changes) == ("manage.py retention", {"kind": "notification", "days": [365, 400]})


def test_an_expired_archive_that_money_was_paid_against_stays_as_an_empty_stub_for_the_ledger(city: City) -> None:
    from unionhall.assistance.models import Disbursement
    from unionhall.tests import factories

    old = hardship_file(city.u1, status=FileStatus.EXITED, exited_on=T0.date(), description="旧情况", phone="1390")
    HouseholdMember.objects.create(file=old, name="李小", relation="child")
    budget = factories.budget_chain(city.u1, 1_000_00)
    Disbursement.objects.create(
        no="ZC00000001", file=old, programme=factories.programme(), budget=budget, org=city.u1, amount_fen=100_00,
        payee_name="王困难",
    )  # fmt: skip
    with time_machine.travel(T0 + timedelta(days=5 * 365 + 1), tick=False):
        first = services.expired_records_purge(actor=SYSTEM)["hardship_file_exited"]
        again = services.expired_records_purge(actor=SYSTEM)["hardship_file_exited"]
    stub = HardshipFile.objects.get(pk=old.pk)
    assert (first, again) == (1, 0)
    assert (stub.description, stub.phone, stub.bank_account_enc, stub.household.count()) == ("", "", "", 0)
    assert stub.disbursements.count() == 1
