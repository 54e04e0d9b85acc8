"""A roster commit writes rows as tuples (COPY on PostgreSQL, bulk_create elsewhere): new persons, persons
on file with or without changes, persons coming back, members transferred from elsewhere and members
elsewhere left where they are — all in one call, with the same records a join or a transfer makes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unionhall.core import pii
from unionhall.core.models import AuditEvent
from unionhall.members import services
from unionhall.members.models import Membership, MembershipEvent, Person
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id

IDS = {
    "here": "11010519800101001",
    "moved": "11010519810101002",
    "back": "11010519820101003",
    "away": "11010519830101004",
    "stays": "11010519840101005",
    "new1": "11010519900101007",
    "new2": "11010519910101017",
}


def row(n: int, name: str, key: str, **extra: object) -> services.RosterRow:
    transfer = bool(extra.pop("transfer", False))
    joined = extra.pop("joined_on", None)
    person = services.PersonData(name=name, id_number=valid_id(IDS[key]), **extra)  # type: ignore[arg-type]
    return services.RosterRow(row=n, person=person, transfer=transfer, joined_on=joined)  # type: ignore[arg-type]


def mixed_roster(city: City) -> list[services.RosterRow]:
    """On file: two members here, one who left, one member in U3 to transfer and one to leave there."""
    join(city.u1, "张三", IDS["here"], phone="13900000001")
    join(city.u1, "李四", IDS["moved"], phone="13900000002")
    back = join(city.u1, "王五", IDS["back"])
    services.member_leave(actor=SYSTEM, membership=back, reason="离职")
    join(city.u3, "赵六", IDS["away"])
    join(city.u3, "钱七", IDS["stays"])
    return [
        row(2, "张三", "here", phone="13900000001"),  # unchanged
        row(  # updated: a new phone, form, migrant status, education and an address that needs escaping
            3,
            "李四",
            "moved",
            phone="13800000002",
            employment_form="dispatched",
            is_migrant=True,
            education="bachelor",
            hukou_address='江苏 "吴中" \\ 1号, {2}',
        ),
        row(4, "王五", "back", joined_on=date(2026, 1, 5)),  # on file, joins again
        row(5, "赵六", "away", transfer=True),  # transferred from U3
        row(6, "钱七", "stays"),  # a member of U3, not asked to move
        row(7, " 单雄信 ", "new1", phone="139 0000 0006", employment_form="platform", is_migrant=True),
        row(8, "曾小贤", "new2", joined_on=date(2025, 7, 1)),
    ]


def test_a_mixed_roster_creates_updates_transfers_and_leaves_alone_in_one_commit(city: City) -> None:
    rows = mixed_roster(city)
    before = dict(Person.objects.values_list("name", "updated_at"))
    # the city admin's reach holds both unions, so the transfer is one step (a chair of U1 only asks)
    admin = city.users["city_admin"]
    outcome = services.roster_commit(actor=admin, org=city.u1, rows=rows, source="混合.xlsx", today=date(2026, 3, 1))

    assert outcome.as_dict() == {
        "created": 3,
        "updated": 1,
        "unchanged": 1,
        "transferred": 1,
        "requested": 0,
        "elsewhere": 1,
    }
    assert outcome.elsewhere == [(6, "已是「西方纺织公司工会」的会员，可选择接转到本工会。")]

    new = Person.objects.get(name="单雄信")
    number = valid_id(IDS["new1"])
    assert (new.name_initials, new.sex, new.birth_date) == ("sxx", "M", date(1990, 1, 1))
    assert (new.phone, new.employment_form, new.is_migrant) == ("13900000006", "platform", True)
    assert (new.reveal_id_number(), new.id_number_hash) == (number, pii.blind_index(number))
    assert new.id_number_masked == pii.mask_id_number(number)
    assert (new.created_at, new.updated_at) != (None, None)
    other = Person.objects.get(name="曾小贤")
    assert (other.name_initials, other.employment_form, other.is_migrant) == ("zxx", "standard", False)

    after = dict(Person.objects.values_list("name", "updated_at"))
    moved = Person.objects.get(name="李四")
    assert (moved.phone, moved.employment_form, moved.is_migrant, moved.education) == (
        "13800000002",
        "dispatched",
        True,
        "bachelor",
    )
    assert (moved.hukou_address, moved.name_initials) == ('江苏 "吴中" \\ 1号, {2}', "ls")
    assert after["李四"] > before["李四"]
    assert {n: after[n] for n in ("张三", "王五", "赵六", "钱七")} == {
        n: before[n] for n in ("张三", "王五", "赵六", "钱七")
    }

    open_here = Membership.objects.filter(org=city.u1, status__in=("active", "retained")).select_related("person")
    by_name = {m.person.name: m for m in open_here}
    assert sorted(by_name) == sorted(["张三", "李四", "王五", "赵六", "单雄信", "曾小贤"])
    for name in ("王五", "单雄信", "曾小贤"):
        assert by_name[name].member_no == f"GH{by_name[name].person_id:010d}"
    assert by_name["王五"].joined_on == date(2026, 1, 5)
    assert by_name["单雄信"].joined_on == date(2026, 3, 1)
    old = Membership.objects.get(person__name="赵六", org=city.u3)
    assert (old.status, old.ended_on, old.end_reason) == ("transferred", date(2026, 3, 1), "转入东方机械公司工会")
    assert by_name["赵六"].member_no == old.member_no
    assert Membership.objects.get(person__name="钱七").org == city.u3

    events = MembershipEvent.objects.filter(note="混合.xlsx").select_related("person", "membership")
    seen = {(e.person.name, e.kind, e.from_org_id, e.to_org_id, e.on, e.actor_name) for e in events}
    assert seen == {
        ("王五", "join", None, city.u1.pk, date(2026, 1, 5), "city_admin"),
        ("赵六", "transfer", city.u3.pk, city.u1.pk, date(2026, 3, 1), "city_admin"),
        ("单雄信", "join", None, city.u1.pk, date(2026, 3, 1), "city_admin"),
        ("曾小贤", "join", None, city.u1.pk, date(2025, 7, 1), "city_admin"),
    }
    assert all(e.membership.person_id == e.person_id and e.membership.org_id == city.u1.pk for e in events)

    audit = AuditEvent.objects.filter(action="roster.commit")
    assert [(e.success, e.changes) for e in audit] == [
        (True, {"source": "混合.xlsx", "rows": 7, **outcome.as_dict()}),
    ]


def test_committing_the_same_mixed_roster_again_changes_nothing(city: City) -> None:
    rows = mixed_roster(city)
    services.roster_commit(actor=SYSTEM, org=city.u1, rows=rows)
    persons = list(Person.objects.order_by("pk").values_list())
    memberships = list(Membership.objects.order_by("pk").values_list())
    events = MembershipEvent.objects.count()
    for r in rows:
        r.clean = None  # as a second import would: checked afresh
    again = services.roster_commit(actor=SYSTEM, org=city.u1, rows=rows)
    assert again.as_dict() == {
        "created": 0,
        "updated": 0,
        "unchanged": 6,
        "transferred": 0,
        "requested": 0,
        "elsewhere": 1,
    }
    assert list(Person.objects.order_by("pk").values_list()) == persons
    assert list(Membership.objects.order_by("pk").values_list()) == memberships
    assert MembershipEvent.objects.count() == events


def test_the_same_person_twice_in_one_commit_is_the_callers_error(city: City) -> None:
    rows = [row(2, "张三", "new1"), row(3, "张三", "new1")]
    with pytest.raises(ValueError, match="two rows"):
        services.roster_commit(actor=SYSTEM, org=city.u1, rows=rows)
    assert not Person.objects.exists()


@pytest.mark.postgres
def test_on_postgresql_rows_are_copied_with_ids_drawn_from_the_sequences(city: City) -> None:
    rows = mixed_roster(city)
    with CaptureQueriesContext(connection) as queries:
        services.roster_commit(actor=SYSTEM, org=city.u1, rows=rows)
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "members_')]
    assert inserts == []  # persons, memberships and events went in with COPY
    assert sum("nextval" in q["sql"] for q in queries) == 1  # every id in one query
    # the sequences moved past the copied ids: an ordinary join afterwards gets fresh ones
    later = join(city.u1, "孙八", "11010519920101008")
    assert later.pk > Membership.objects.exclude(pk=later.pk).latest("pk").pk
    assert later.person_id > Person.objects.exclude(pk=later.person_id).latest("pk").pk
    assert MembershipEvent.objects.filter(person_id=later.person_id).get().pk == MembershipEvent.objects.latest("pk").pk
    assert Person.objects.get(name="单雄信").updated_at - Person.objects.get(name="单雄信").created_at < timedelta(
        seconds=1
    )
