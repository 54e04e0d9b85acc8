"""Figures cached under change counts (core/versions.py): every way of writing moves the count, a cached
figure is served until then and never after, nothing is cached inside a transaction, and on PostgreSQL two
writers never wait for each other on a counter."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from unionhall.core import versions
from unionhall.core.models import AttemptCounter, ChangeCounter
from unionhall.orgs.models import Employer
from unionhall.tests.city import City, uscc
from unionhall.tests.concurrency import run_together


def counts() -> dict[str, int]:
    return versions.current()


_made = [0]


def new_employer(unit: Any) -> Employer:
    _made[0] += 1
    return Employer.objects.create(name=f"计数测试单位{_made[0]:03d}", uscc=uscc(f"320508CN{_made[0]:06d}"), org=unit)


@pytest.mark.django_db
def test_an_orm_save_a_queryset_update_a_delete_and_plain_sql_each_move_their_topic(city: City) -> None:
    before = counts().get("employers", 0)
    employer = new_employer(city.d1)
    after_insert = counts()["employers"]
    assert after_insert > before
    Employer.objects.filter(pk=employer.pk).update(employee_count=99)
    after_update = counts()["employers"]
    assert after_update > after_insert
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_employer SET employee_count = 100 WHERE id = %s", [employer.pk])
    after_sql = counts()["employers"]
    assert after_sql > after_update
    employer.delete()
    assert counts()["employers"] > after_sql


@pytest.mark.django_db
def test_a_write_moves_only_its_own_topics(city: City) -> None:
    before = counts()
    new_employer(city.d1)
    after = counts()
    assert after["employers"] > before.get("employers", 0)
    assert after.get("rights_cases", 0) == before.get("rights_cases", 0)
    assert after.get("grants", 0) == before.get("grants", 0)


@pytest.mark.django_db(transaction=True)
def test_a_cached_figure_is_served_until_a_write_to_its_topic_and_never_after(city: City) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return Employer.objects.count()

    first = versions.cached("test:employers", ["employers"], None, compute)
    assert versions.cached("test:employers", ["employers"], None, compute) == first
    assert len(calls) == 1, "the second read came from the cache"
    new_employer(city.d1)
    assert versions.cached("test:employers", ["employers"], None, compute) == first + 1
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_to_another_topic_keeps_the_figure_and_another_key_is_another_figure(city: City) -> None:
    calls: list[Any] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key

    versions.cached("test:k", ["employers"], "a", lambda: compute("a"))
    with connection.cursor() as cursor:  # a write to rights_cases' table would need a case; grants are simpler
        cursor.execute("UPDATE orgs_grant SET role = role")
    assert versions.cached("test:k", ["employers"], "a", lambda: compute("a")) == "a"
    assert versions.cached("test:k", ["employers"], "b", lambda: compute("b")) == "b"
    assert calls == ["a", "b"]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_cached_inside_a_transaction(city: City) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with transaction.atomic():
        versions.cached("test:atomic", ["employers"], None, compute)
        versions.cached("test:atomic", ["employers"], None, compute)
    assert len(calls) == 2
    # …so a figure read inside a transaction that is then rolled back is never kept.
    with pytest.raises(RuntimeError), transaction.atomic():
        new_employer(city.d1)
        versions.cached("test:atomic", ["employers"], None, compute)
        raise RuntimeError
    assert versions.cached("test:atomic", ["employers"], None, compute) == 4


@pytest.mark.django_db(transaction=True)
def test_a_get_request_reads_the_counts_once_and_a_post_at_each_use(city: City) -> None:
    token = versions.begin_request("GET")
    try:
        seen = versions.current().get("employers", 0)
        new_employer(city.d1)
        assert versions.current().get("employers", 0) == seen, "one reading for the whole GET request"
    finally:
        versions.end_request(token)
    token = versions.begin_request("POST")
    try:
        seen = versions.current().get("employers", 0)
        new_employer(city.d1)
        assert versions.current()["employers"] > seen
    finally:
        versions.end_request(token)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_topic_never_wait_for_each_other(city: City) -> None:
    """Each transaction moves only its own connection's counter row: the second writer commits while the
    first still holds its transaction open (with one shared row it would wait for the first to end)."""
    holding = threading.Event()
    release = threading.Event()

    def first() -> str:
        with transaction.atomic():
            new_employer(city.d1)
            holding.set()
            release.wait(timeout=30)
        return "first"

    def second() -> str:
        holding.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        new_employer(city.d2)  # would time out on a shared counter row
        release.set()
        return "second"

    assert run_together([first, second]) == ["first", "second"]
    assert ChangeCounter.objects.filter(topic="employers").count() >= 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_folding_the_rows_of_gone_connections_keeps_every_count(city: City) -> None:
    def write(unit: Any) -> int:
        new_employer(unit)
        return int(connection.cursor().connection.info.backend_pid)

    pids = run_together([lambda: write(city.d1), lambda: write(city.d2)])
    # A closed connection's backend leaves pg_stat_activity a moment later: wait for it, or fold keeps its row.
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
            if cursor.fetchone()[0] == 0:
                break
        time.sleep(0.05)
    before = counts()
    assert ChangeCounter.objects.filter(topic="employers").exclude(backend=0).count() >= 2
    versions.fold()
    assert counts() == before
    mine = {0, connection.cursor().connection.info.backend_pid}
    assert set(ChangeCounter.objects.filter(topic="employers").values_list("backend", flat=True)) <= mine


@pytest.mark.django_db(transaction=True)
def test_a_kept_count_follows_a_write_to_any_table_it_reads_and_a_table_nobody_counts_is_counted_afresh(
    city: City,
) -> None:
    under_d1 = Employer.objects.filter(org__path__startswith=city.d1.path)
    before = versions.count(under_d1)
    with connection.cursor() as cursor:  # behind the ORM's back: the trigger still sees it
        cursor.execute("UPDATE orgs_employer SET org_id = %s WHERE id = %s", [city.t1.pk, city.e3.pk])
    assert versions.count(under_d1) == before + (0 if city.e3.org.path.startswith(city.d1.path) else 1)
    attempts = AttemptCounter.objects.all()
    assert "core_attemptcounter" not in versions.counted_tables()
    n = versions.count(attempts)
    AttemptCounter.objects.create(key="counted-afresh", window_start=timezone.now())
    assert versions.count(attempts) == n + 1


@pytest.mark.django_db(transaction=True)
def test_a_kept_figure_that_used_another_kept_figure_is_computed_afresh_when_that_ones_topic_moves(
    city: City,
) -> None:
    """The outer computation runs no SQL of its own on a hit of the inner one: it still learns the inner
    one's topics, so a write under them reaches it."""
    drawn = []

    def inner() -> int:
        return Employer.objects.count()

    def outer() -> str:
        drawn.append(1)
        return f"{versions.cached('inner-employers', ['employers'], None, inner)} 家"

    versions.cached("inner-employers", ["employers"], None, inner)  # the inner one kept first: no SQL below
    first = versions.kept("outer", None, outer)
    assert versions.kept("outer", None, outer) == first and len(drawn) == 1
    new_employer(city.d1)
    assert versions.kept("outer", None, outer) != first and len(drawn) == 2


@pytest.mark.django_db(transaction=True)
def test_a_kept_figure_that_read_a_table_nobody_counts_is_never_kept_even_inside_another(city: City) -> None:
    computed = []

    def attempts() -> int:
        computed.append(1)
        return AttemptCounter.objects.count()

    versions.kept("outer", None, lambda: versions.kept("inner", None, attempts))
    versions.kept("outer", None, lambda: versions.kept("inner", None, attempts))
    assert len(computed) == 2


@pytest.mark.django_db(transaction=True)
def test_a_computation_that_reads_nothing_is_kept_only_when_its_key_is_said_to_hold_everything(
    city: City,
) -> None:
    """What it shows was read before it ran, out of sight (rows a paginator fetched): not kept, unless the
    caller says the key holds all of it."""
    computed = []

    def pure(n: int) -> int:
        computed.append(n)
        return n * 2

    assert versions.kept("unseen", 1, lambda: pure(1)) == versions.kept("unseen", 1, lambda: pure(1)) == 2
    assert computed == [1, 1]
    assert versions.kept("pure", 1, lambda: pure(1), whole_key=True) == 2
    assert versions.kept("pure", 1, lambda: pure(1), whole_key=True) == 2
    assert versions.kept("pure", 2, lambda: pure(2), whole_key=True) == 4
    assert computed == [1, 1, 1, 2]
