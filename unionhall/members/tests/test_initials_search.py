"""The search by pinyin initials reads the copy of the initials kept on each membership (issue 15): it finds
exactly what the person's own initials find, inside the searcher's reach, and the database keeps the copy
equal to the person's after every kind of write — a join, a rename, a transfer, a bulk roster commit (COPY
on PostgreSQL), and writers that try to set it themselves."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F
from django.utils import timezone

from unionhall.core import bulk
from unionhall.members import services
from unionhall.members.models import Membership, Person
from unionhall.members.selectors import MemberFilters, member_list, member_listing
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id


def copies() -> dict[int, str]:
    return dict(Membership.objects.values_list("pk", "name_initials"))


def stale() -> list[tuple[int, str, str]]:
    """Memberships whose copy differs from their person's initials (none, whatever was written)."""
    rows = Membership.objects.exclude(name_initials=F("person__name_initials"))
    return list(rows.values_list("pk", "name_initials", "person__name_initials"))


def found(user: object, q: str) -> set[int]:
    return set(member_list(user, MemberFilters(q=q)).values_list("pk", flat=True))


def by_person(user: object, q: str) -> set[int]:
    """What the search found before the copy: the person's initials, then the scope rule."""
    qs = access.scope_queryset(user, Cap.MEMBER_VIEW, Membership.objects.all(), "org")
    return set(qs.filter(person__name_initials__startswith=q).values_list("pk", flat=True))


def test_a_search_by_initials_finds_what_the_persons_initials_find_and_only_within_reach(city: City) -> None:
    join(city.u1, "张三丰", "11010519900101001")
    join(city.b1, "张山", "11010519900101002")
    join(city.u2, "周树人", "11010519900101003")
    moved = join(city.u1, "赵四", "11010519900101004")
    services.member_transfer(actor=SYSTEM, membership=moved, to_org=city.u3)  # a closed spell in U1, open in U3
    join(city.u3, "张三", "11010519900101005")
    join(city.u3, "单雄信", "11010519900101006")
    queries = ("z", "zs", "zsf", "zss", "zs4", "sxx", "s", "x", "")
    everyone = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1", "chair_u3", "outsider", "reviewer_d1"}
    for name in everyone:
        user = city.users[name]
        for q in queries[:-1]:
            assert found(user, q) == by_person(user, q), (name, q)
    admin, chair = city.users["city_admin"], city.users["chair_u1"]
    assert len(found(admin, "zs")) == 6  # 赵四 twice: the closed spell and the open one
    assert len(found(admin, "zsf")) == len(found(admin, "sxx")) == 1
    assert {m.org_id for m in member_list(chair, MemberFilters(q="z"))} == {city.u1.pk, city.b1.pk}
    assert found(city.users["chair_u3"], "zs") == by_person(city.users["chair_u3"], "zs") != set()
    assert found(city.users["outsider"], "zsf") == set()  # 张三丰 of U1 lies outside D2
    listing = member_listing(city.users["cadre_d1"], MemberFilters(q="ZS"))  # typed in capitals, as the page does
    # U1, its branch and U2; 赵四's closed spell in U1 is in reach, his open one in U3 and 张三 of U3 are not
    assert sorted((m.person.name, m.org_id) for m in listing.rows) == sorted(
        [("张三丰", city.u1.pk), ("张山", city.b1.pk), ("周树人", city.u2.pk), ("赵四", city.u1.pk)]
    )
    assert listing.count == 4


def test_the_copy_follows_a_join_a_rename_and_a_transfer(city: City) -> None:
    first = join(city.u1, "张三", "11010519900101001")
    first.refresh_from_db()
    assert first.name_initials == "zs"
    moved = services.member_transfer(actor=SYSTEM, membership=first, to_org=city.u2, on=date(2026, 5, 1))
    assert copies() == {first.pk: "zs", moved.pk: "zs"}
    services.person_update(actor=SYSTEM, membership=moved, name="单雄信")  # 单 as a surname is shan
    assert copies() == {first.pk: "sxx", moved.pk: "sxx"}  # the closed spell too: the search shows it
    assert found(city.users["city_admin"], "zs") == set()
    assert found(city.users["city_admin"], "sxx") == {first.pk, moved.pk}
    assert stale() == []


def test_the_copy_is_written_by_a_bulk_roster_commit_and_follows_its_renames(city: City) -> None:
    def row(n: int, name: str, body17: str) -> services.RosterRow:
        return services.RosterRow(row=n, person=services.PersonData(name=name, id_number=valid_id(body17)))

    rows = [row(i + 2, name, f"11010519900101{i:03d}") for i, name in enumerate(["张三", "李四", "王五", "曾小贤"])]
    services.roster_commit(actor=SYSTEM, org=city.u1, rows=rows)  # COPY on PostgreSQL, bulk_create elsewhere
    assert sorted(copies().values()) == ["ls", "ww", "zs", "zxx"]
    rows[1] = row(3, "欧阳修", "11010519900101001")  # 李四's ID: the same person, renamed
    services.roster_commit(actor=SYSTEM, org=city.u1, rows=rows)  # one UPDATE of persons for the renames
    assert sorted(copies().values()) == ["oyx", "ww", "zs", "zxx"]
    assert stale() == []


def test_a_writer_cannot_give_a_membership_other_initials_than_its_persons(city: City) -> None:
    member = join(city.u1, "张三", "11010519900101001")
    other = join(city.u3, "李四", "11010519900101002")
    gone = join(city.u1, "赵六", "11010519900101003")
    services.member_leave(actor=SYSTEM, membership=gone, reason="离职")
    Membership.objects.filter(pk=member.pk).update(name_initials="xx")
    assert copies()[member.pk] == "zs"
    Membership.objects.filter(pk=gone.pk).update(person_id=other.person_id)  # a hand-run fix gives the spell to 李四
    assert copies()[gone.pk] == "ls"
    stale_copy = Membership.objects.get(pk=member.pk)
    Person.objects.filter(pk=member.person_id).update(name="王五", name_initials="ww")  # a bulk rename
    stale_copy.save()  # an instance read before the rename, saved whole
    assert copies()[member.pk] == "ww"
    [pk] = bulk.insert_rows(
        Membership,
        ("person_id", "org_id", "member_no", "joined_on", "status", "name_initials"),
        [(other.person_id, city.u2.pk, "GH9999999999", date(2020, 1, 1), "left", "zz")],
        ids=bulk.reserve_ids({Membership: 1})[Membership] if bulk.copying() else None,
    )
    assert copies()[pk] == "ls"
    assert stale() == []


def test_memberships_inserted_by_hand_in_one_statement_get_their_persons_initials_whatever_they_gave(
    city: City,
) -> None:
    """On PostgreSQL a given copy is checked once per statement (members/0016), a missing one filled per row: a
    statement mixing right, wrong and missing copies leaves every row with its person's."""
    first = join(city.u1, "张三", "11010519900101001")
    second = join(city.u1, "李四", "11010519900101002")
    third = join(city.u1, "王五", "11010519900101003")
    services.member_leave(actor=SYSTEM, membership=first, reason="离职")
    services.member_leave(actor=SYSTEM, membership=second, reason="离职")
    services.member_leave(actor=SYSTEM, membership=third, reason="离职")
    given = [(first.person_id, "zs"), (second.person_id, "zs"), (third.person_id, "")]  # right, wrong, none
    now, table = timezone.now(), Membership._meta.db_table
    columns = "person_id, org_id, member_no, joined_on, status, end_reason, created_at, name_initials"
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(given))
    params: list[Any] = []
    for n, (person_id, initials) in enumerate(given):
        params += [person_id, city.u2.pk, f"GH99999999{n:02d}", date(2020, 1, 1), "left", "", now, initials]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)  # noqa: S608 — names only
    mine = Membership.objects.filter(org=city.u2).order_by("member_no")
    assert list(mine.values_list("name_initials", flat=True)) == ["zs", "ls", "ww"]
    assert stale() == []
