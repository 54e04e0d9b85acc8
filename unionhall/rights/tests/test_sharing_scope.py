"""双向维权 in the scope rule: a case is seen where it is handled and, while shared, by the shared unit's
subtree — nobody else; revoking the share ends it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Grant, Role
from unionhall.rights.models import Case, CaseShare
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def a_case(city: City) -> Case:
    now = timezone.now()
    return Case.objects.create(
        no="WQ0001",
        source="hotline",
        category="wage_arrears",
        org=city.u1,
        contact_name="王师傅",
        summary="拖欠三个月工资",
        received_at=now,
        due_at=now + timedelta(days=14),
    )


def visible(user: User, case: Case) -> bool:
    live = CaseShare.objects.filter(revoked_at__isnull=True)
    qs = access.scope_with_shares(user, Cap.RIGHTS_VIEW, Case.objects.all(), "org", live, "case")
    return qs.filter(pk=case.pk).exists()


def test_a_shared_case_is_seen_by_the_shared_unit_and_by_nobody_else_until_revoked(city: City) -> None:
    case = a_case(city)
    chair_u2 = User.objects.create_user(username="chair_u2", password="x")
    Grant.objects.create(user=chair_u2, role=Role.GRASSROOTS_STAFF, org=city.u2)
    users = city.users

    assert visible(users["chair_u1"], case) and visible(users["cadre_d1"], case)
    assert not visible(users["chair_u3"], case) and not visible(chair_u2, case)

    share = CaseShare.objects.create(case=case, org=city.u3, shared_by=users["cadre_d1"])
    assert visible(users["chair_u3"], case)  # the home-place union
    assert visible(users["outsider"], case)  # its federation, above it in D2
    assert not visible(chair_u2, case)  # a third union: still nothing
    assert not visible(users["merchant_d1"], case) and not visible(users["worker_u1"], case)

    CaseShare.objects.filter(pk=share.pk).update(revoked_at=timezone.now())
    assert not visible(users["chair_u3"], case) and not visible(users["outsider"], case)
    assert visible(users["chair_u1"], case)


def test_an_external_partner_recorded_as_a_contact_opens_no_access(city: City) -> None:
    case = a_case(city)
    CaseShare.objects.create(case=case, partner_name="安徽省阜阳市临泉县总工会", partner_contact="李主席 0558-1234567")
    assert not visible(city.users["chair_u3"], case) and not visible(city.users["outsider"], case)
