"""MemberTally: the database's own count of open memberships per union stays equal to a recount after every
kind of write — each service, a rollback, bulk updates and deletes, a change of employment form."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from unionhall.members import services
from unionhall.members.models import Membership, MembershipEvent, MemberTally, Person
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join
from unionhall.tests.tally import recount, tally


def test_the_tally_follows_every_service_that_changes_a_membership(city: City) -> None:
    a = join(city.u1, "张三", "11010519900101001", employment_form="platform")
    b = join(city.u1, "李四", "11010519900101002")
    assert tally() == recount() == {city.u1.pk: (2, 1)}
    a = services.member_transfer(actor=SYSTEM, membership=a, to_org=city.u3, on=date(2026, 5, 1))
    assert tally() == recount() == {city.u1.pk: (1, 0), city.u3.pk: (1, 1)}
    b = services.member_retain(actor=SYSTEM, membership=b, reason="下岗")
    assert tally() == recount() == {city.u1.pk: (1, 0), city.u3.pk: (1, 1)}  # 保留会籍 is still a member
    b = services.member_restore(actor=SYSTEM, membership=b)
    services.person_update(actor=SYSTEM, membership=b, employment_form="platform")
    assert tally() == recount() == {city.u1.pk: (1, 1), city.u3.pk: (1, 1)}
    services.person_update(actor=SYSTEM, membership=a, employment_form="standard")
    assert tally() == recount() == {city.u1.pk: (1, 1), city.u3.pk: (1, 0)}
    services.member_leave(actor=SYSTEM, membership=b, reason="退休")
    services.member_remove(actor=SYSTEM, membership=a, reason="违反章程")
    assert tally() == recount() == {}


def test_a_rolled_back_join_leaves_no_trace_in_the_tally(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    before = tally()
    with pytest.raises(RuntimeError), transaction.atomic():
        join(city.u1, "李四", "11010519900101002")
        assert tally()[city.u1.pk] == (2, 0)
        raise RuntimeError
    assert tally() == before == recount()


def test_bulk_updates_deletes_and_inserts_are_counted_as_well(city: City) -> None:
    for i in range(5):
        join(city.u1 if i % 2 else city.u3, f"王{i}", f"1101051990010101{i}")
    Membership.objects.filter(org=city.u1).update(org=city.u2)
    assert tally() == recount()
    Person.objects.update(employment_form="platform")
    assert tally() == recount()
    closed = Membership.objects.filter(org=city.u3).first()
    assert closed is not None
    Membership.objects.filter(pk=closed.pk).update(status="left")
    assert tally() == recount()
    gone = Membership.objects.filter(status="active").first()
    assert gone is not None
    MembershipEvent.objects.filter(membership=gone).delete()
    gone.delete()
    assert tally() == recount()
    Membership.objects.bulk_create(
        [Membership(person=closed.person, org=city.u1, member_no=closed.member_no, joined_on=date(2026, 1, 1))]
    )
    assert tally() == recount()


def test_the_tally_can_never_go_below_zero(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberTally.objects.filter(org=city.u1).update(members=-1)


def _in_threads(count: int, work: Callable[[int], object]) -> list[BaseException]:
    """Run work(i) in `count` threads at once, each on its own database connection; return their errors."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("并发计数测试需要 PostgreSQL（行锁与真正的并发）；SQLite 上跳过，CI 在 PostgreSQL 上运行。")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_joins_into_one_union_are_each_counted_once(city: City) -> None:
    _needs_postgresql()
    errors = _in_threads(8, lambda i: join(city.u1, f"王{i}", f"110105199001010{i:02d}", employment_form="platform"))
    assert errors == []
    assert tally() == recount() == {city.u1.pk: (8, 8)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_transfers_crossing_in_opposite_directions_neither_deadlock_nor_miscount(city: City) -> None:
    _needs_postgresql()
    members = [join(city.u1 if i % 2 else city.u3, f"李{i}", f"110105199102020{i:02d}") for i in range(8)]

    def transfer(i: int) -> None:
        m = members[i]
        services.member_transfer(actor=SYSTEM, membership=m, to_org=city.u3 if m.org_id == city.u1.pk else city.u1)

    assert _in_threads(8, transfer) == []
    assert tally() == recount() == {city.u1.pk: (4, 0), city.u3.pk: (4, 0)}


@pytest.mark.django_db(transaction=True)
def test_emptying_the_tables_in_any_order_keeps_the_tally_valid(city: City) -> None:
    """Django's flush deletes table by table, persons before memberships: the triggers must not fail."""
    join(city.u1, "张三", "11010519900101001", employment_form="platform")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_membershipevent")
        if connection.vendor == "sqlite":  # no FK enforcement during a flush on SQLite: persons can go first
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("DELETE FROM members_person")
        cursor.execute("DELETE FROM members_membership")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")
    assert Membership.objects.count() == 0
