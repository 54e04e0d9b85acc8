"""seed_demo: a realistic demo city, the same for the same seed, with a login for every role."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from stdnum.cn import ric, uscc

from unionhall.coverage.models import CoverageSnapshot
from unionhall.demo.seed import DEMO_USERS, seed_demo
from unionhall.members.models import Membership, Person
from unionhall.orgs.models import Employer, Grant, GrassrootsKind, OrgLevel, OrgUnit, Role

DAY = dt.date(2026, 11, 1)


def fingerprint() -> list[tuple[str, ...]]:
    units = [(u.code, u.name, u.level, u.kind, str(u.term_ends_on)) for u in OrgUnit.objects.order_by("code")]
    employers = [(e.name, e.uscc, str(e.employee_count)) for e in Employer.objects.order_by("uscc")]
    persons = [
        (p.name, p.id_number_masked, p.phone) for p in Person.objects.order_by("id_number_masked", "name", "phone")
    ]
    return units + employers + persons


@pytest.mark.django_db
def test_the_demo_city_holds_every_kind_of_unit_and_employer() -> None:
    result = seed_demo(members=2000, seed=7, today=DAY)
    assert result["members"] == Membership.objects.count() == 2000
    assert OrgUnit.objects.filter(level=OrgLevel.CITY).count() == 1
    assert OrgUnit.objects.filter(level=OrgLevel.DISTRICT).count() >= 3
    assert OrgUnit.objects.filter(level=OrgLevel.TOWN).count() >= 9
    assert OrgUnit.objects.filter(level=OrgLevel.INDUSTRY).exists()
    assert OrgUnit.objects.filter(level=OrgLevel.JOINT).exists()
    assert OrgUnit.objects.filter(level=OrgLevel.BRANCH).exists()
    kinds = set(OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).values_list("kind", flat=True))
    for kind in (
        GrassrootsKind.ENTERPRISE,
        GrassrootsKind.VILLAGE,
        GrassrootsKind.COMMUNITY,
        GrassrootsKind.JOINT,
        GrassrootsKind.PROJECT,
        GrassrootsKind.NEW_EMPLOYMENT,
        GrassrootsKind.PUBLIC,
    ):
        assert kind in kinds, kind
    assert OrgUnit.objects.filter(kind=GrassrootsKind.PROJECT, ends_on__isnull=False).exists()
    assert Employer.objects.filter(union__isnull=True, employee_count__gte=25).exists()
    assert Employer.objects.filter(union__isnull=True, employee_count__lt=25).exists()
    assert OrgUnit.objects.filter(term_ends_on__lt=DAY).exists()  # some elections are overdue
    assert OrgUnit.objects.filter(term_ends_on__gte=DAY).exists()


@pytest.mark.django_db
def test_the_demo_keeps_last_years_coverage_so_the_dashboard_compares_two_years() -> None:
    result = seed_demo(members=300, seed=7, today=DAY)
    kept = CoverageSnapshot.objects.filter(year=DAY.year - 1)
    assert result["coverage_snapshot_units"] == kept.count() == OrgUnit.objects.filter(status="active").count()
    root = OrgUnit.objects.get(level=OrgLevel.CITY)
    assert kept.get(org=root).figures["members"] == 300
    assert not CoverageSnapshot.objects.exclude(year=DAY.year - 1).exists()


@pytest.mark.django_db
def test_every_demo_code_is_valid() -> None:
    seed_demo(members=200, seed=7, today=DAY)
    for person in Person.objects.all():
        number = person.reveal_id_number()
        assert ric.is_valid(number), number
        assert person.birth_date == ric.get_birth_date(number)
        assert person.id_number_masked == number[:3] + "*" * 11 + number[-4:]
    for code in Employer.objects.values_list("uscc", flat=True):
        assert uscc.is_valid(code) and code.startswith("91")
    for code in OrgUnit.objects.exclude(uscc="").values_list("uscc", flat=True):
        assert uscc.is_valid(code) and code.startswith("81")


def seeded_fingerprint(seed: int) -> list[tuple[str, ...]]:
    """Seed, read the fingerprint, then roll the seed back (the ledger cannot be deleted, by design)."""
    with transaction.atomic():
        seed_demo(members=150, seed=seed, today=DAY)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_city_and_another_seed_another() -> None:
    first = seeded_fingerprint(11)
    assert seeded_fingerprint(11) == first
    assert seeded_fingerprint(12) != first


@pytest.mark.django_db
def test_every_role_has_a_demo_login_that_works(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False
    seed_demo(members=50, seed=1, today=DAY)
    assert {role for _, _, role, _ in DEMO_USERS} == set(Role.values)
    for username, _, role, code in DEMO_USERS:
        assert Grant.objects.filter(user__username=username, role=role, org__code=code).exists()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "cadre_gusu", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    assert "姑苏区总工会" in client.get(reverse("console:home")).content.decode()


@pytest.mark.django_db
def test_the_command_refuses_a_second_seed_and_if_empty_skips_it() -> None:
    out = StringIO()
    call_command("seed_demo", "--members", "20", stdout=out)
    assert json.loads(out.getvalue())["members"] == 20
    with pytest.raises(CommandError, match="已有组织树"):
        call_command("seed_demo", "--members", "20", stdout=StringIO())
    skipped = StringIO()
    call_command("seed_demo", "--if-empty", stdout=skipped)
    assert "跳过" in skipped.getvalue()
    listing = StringIO()
    call_command("demo_logins", stdout=listing)
    assert "cadre_gusu" in listing.getvalue() and "姑苏区总工会" in listing.getvalue()


@pytest.mark.django_db
def test_the_demo_city_has_assistance_in_every_state_with_a_consistent_ledger() -> None:
    from unionhall.assistance.models import Disbursement, FileStatus, HardshipFile
    from unionhall.cards.models import AssistanceCard, PartnerMerchant, Redemption
    from unionhall.funds.ledger import ledger_balance
    from unionhall.funds.models import Account, Budget
    from unionhall.ten_services.models import ServiceDelivery

    seed_demo(members=2000, seed=7, today=DAY)
    statuses = set(HardshipFile.objects.values_list("status", flat=True))
    for status in (FileStatus.DRAFT, FileStatus.SUBMITTED, FileStatus.VERIFIED, FileStatus.NOTICE):
        assert status in statuses, status
    assert HardshipFile.objects.filter(status=FileStatus.APPROVED).count() >= 3
    assert Disbursement.objects.filter(status="paid").count() == 2
    assert AssistanceCard.objects.filter(status="active").exists()
    assert Redemption.objects.count() == 1
    merchant = PartnerMerchant.objects.get()
    assert merchant.users.filter(username="merchant_demo").exists()
    assert ServiceDelivery.objects.count() == 12
    for budget in Budget.objects.select_related("account"):
        assert budget.remaining_fen == budget.account.balance_fen >= 0
    for account in Account.objects.all():
        assert account.balance_fen == ledger_balance(account), account.name


@pytest.mark.django_db
def test_the_demo_worker_logs_in_with_the_password_and_lands_on_their_own_page(settings) -> None:  # type: ignore[no-untyped-def]
    from unionhall.members.models import MembershipStatus
    from unionhall.worker_portal.models import WorkerProfile

    seed_demo(members=300, seed=7, today=DAY)
    profile = WorkerProfile.objects.select_related("person", "user").get(user__username="worker_demo")
    membership = profile.person.memberships.get(status__in=[MembershipStatus.ACTIVE, MembershipStatus.RETAINED])
    assert profile.user.phone == profile.person.phone
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "worker_demo", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    home = client.get(reverse("worker_portal:home"))
    text = home.content.decode()
    assert home.status_code == 200 and 'data-testid="unlinked"' not in text
    assert membership.member_no in text and profile.person.name in text
    assert client.get(reverse("worker_portal:member_card")).status_code == 200
    # the scope in the top bar is the union on the worker's card, not the seed's default unit
    assert profile.user.grants.get().org == membership.org
    assert f'<span class="uh-scope-unit">{membership.org.name}</span>' in text


@pytest.mark.django_db
def test_the_demo_has_departments_with_a_liaison_login_and_tasks_one_overdue_one_done() -> None:
    from unionhall.notifications.models import Notification
    from unionhall.supervision import selectors
    from unionhall.supervision.models import Department, SupervisedTask, TaskStatus

    seed_demo(members=300, seed=7)
    assert set(Department.objects.filter(org__code="SZ").values_list("short_name", flat=True)) >= {
        "人社局",
        "住建局",
        "公安局",
        "司法局",
        "市场监管局",
        "财政局",
        "信访局",
    }
    assert Department.objects.filter(org__code="SZ-GS").count() >= 5
    liaison = selectors.liaison_of(Grant.objects.get(user__username="liaison_demo").user)
    assert liaison is not None and liaison.department.name == "姑苏区人力资源和社会保障局"
    # The joint meetings' resolutions are tasks too (demo/meetings.py, its own test): the manual ones here.
    tasks = SupervisedTask.objects.filter(source_kind="manual")
    assert selectors.overdue(tasks).count() == 1
    done = tasks.get(status=TaskStatus.DONE)
    assert done.evidence
    assert Notification.objects.filter(kind="supervision.task_overdue", user__username="liaison_demo").exists()
