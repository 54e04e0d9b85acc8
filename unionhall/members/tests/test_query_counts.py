"""No N+1 on the roster: the list, its export, the members API and a member's history run the same queries
however many rows they show."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.urls import reverse

from unionhall.members import services
from unionhall.members.models import EmploymentForm, Membership, MembershipStatus
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join
from unionhall.tests.querycount import assert_queries_do_not_grow, counted, json_items, links, sheet_rows, sheet_text

MARK = "增长"  # in the name of every member a test adds
_serial = count(1)


def members(city: City, n: int) -> list[Membership]:
    """n members of the unions of D1, working at different employers, in every status, some migrant platform
    workers."""
    unions = [city.u1, city.u2, city.b1]
    employers = [city.e1, city.e0, None]
    statuses = list(MembershipStatus)
    made = []
    for k in range(n):
        i = next(_serial)
        m = join(
            unions[k % len(unions)],
            f"{MARK}会员{i}",
            f"11010519{80 + i % 20}0101{i % 1000:03d}",
            phone=f"139{i:08d}",
            employment_form=EmploymentForm.PLATFORM if k % 4 == 0 else EmploymentForm.STANDARD,
            is_migrant=k % 2 == 0,
        )
        Membership.objects.filter(pk=m.pk).update(employer=employers[k % len(employers)])
        if k % len(statuses):
            # Straight to the status: the list shows statuses, it does not care how they came about.
            Membership.objects.filter(pk=m.pk).update(status=statuses[k % len(statuses)], ended_on=date(2025, 1, 1))
        made.append(m)
    return made


def test_member_list_queries_do_not_grow_with_rows(city: City) -> None:
    members(city, 2)
    client = city.client("cadre_d1")
    url = reverse("members:list") + "?status="
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: members(city, 13), rows=links("members:detail")
    )
    assert shown == (2, 15)
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_member_export_queries_do_not_grow_with_rows(city: City) -> None:
    members(city, 2)
    client = city.client("cadre_d1")
    url = reverse("members:export") + "?status="
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: members(city, 13), rows=sheet_rows)
    assert shown == (2, 15)
    assert MARK not in sheet_text(counted(lambda: city.client("outsider").get(url)))


def test_unmasked_member_export_queries_do_not_grow_with_rows(city: City) -> None:
    members(city, 2)
    client = city.client("cadre_d1")
    url = reverse("members:export_unmasked")
    form = {"status": "", "purpose": "核对", "confirm": "on"}
    shown = assert_queries_do_not_grow(lambda: client.post(url, form), grow=lambda: members(city, 13), rows=sheet_rows)
    assert shown == (2, 15)
    assert MARK not in sheet_text(counted(lambda: city.client("outsider").post(url, form)))


def test_api_member_list_queries_do_not_grow_with_rows(city: City) -> None:
    members(city, 2)
    client = city.client("cadre_d1")
    url = reverse("api:member_list")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: members(city, 13), rows=json_items())
    assert shown == (2, 15)
    assert city.client("outsider").get(url).json()["items"] == []


def history(membership: Membership, city: City, n: int) -> None:
    """n more events in the person's history: transfers between the unions of D1, a retention and a return."""
    current = Membership.objects.get(person=membership.person, status=MembershipStatus.ACTIVE)
    unions = [city.u2, city.b1, city.u1]
    for k in range(n):
        if k % 3 == 2:
            current = services.member_retain(actor=SYSTEM, membership=current, reason="退休", on=date(2025, 1, k + 1))
            current = services.member_restore(actor=SYSTEM, membership=current, on=date(2025, 2, k + 1))
        else:
            target = next(u for u in unions[k % 3 :] + unions if u.pk != current.org_id)
            current = services.member_transfer(actor=SYSTEM, membership=current, to_org=target, note=f"第{k}次")


def test_member_page_history_queries_do_not_grow_with_events(city: City) -> None:
    first = members(city, 1)[0]
    Membership.objects.filter(pk=first.pk).update(status=MembershipStatus.ACTIVE, ended_on=None)
    history(first, city, 1)
    client = city.client("cadre_d1")
    url = reverse("members:detail", kwargs={"pk": first.pk})
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: history(first, city, 8), rows=lambda c: c.text.count("<tr><td>")
    )
    assert shown == (2, 12)  # joined and one transfer; then six transfers, two retentions and two returns
    assert city.client("outsider").get(url).status_code == 404
