"""Figures cached until the data under them changes: change counters kept by database triggers.

A page that shows the same figure to many requests (the coverage of a district, the 待办 count of the side
navigation, the units a picker offers) computes it once and keeps it under a key that holds the counts of
the topics it reads. Every INSERT, UPDATE, DELETE or TRUNCATE on a topic's tables moves that topic's count in
the same transaction, through a trigger, whoever writes: a page, an import's COPY, a management command, SQL
by hand. A cached figure is therefore never served after its data changed: the next request reads a new
count, misses, and computes afresh.

    member_count = versions.cached("tally", ["members"], unit.pk, lambda: count_members(unit))

The rules that keep it exact:
- A topic's count is read before its data (`current()` first, then `compute`): a change committed in between
  can make the cached figure newer than its key, never older.
- Nothing is cached inside a transaction (`connection.in_atomic_block`): it could hold writes of its own
  that are later rolled back, and its figure would then be kept under a count another change reaches.
- A GET request reads the counts once (the middleware keeps them for the request); anything else reads them
  at each use, so that a page drawn after a write in the same request sees the write.
- The cache is each process's own memory, as objects (no pickling: a city's coverage tree has 20,000
  nodes), so nothing cached crosses processes or outlives a restart; entries expire after `TIMEOUT`, the
  least recently used go beyond `ENTRIES`. What `compute` returns is shared by every later request of the
  process: callers never change it. A database restored from a backup turns the counts back:
  restart the application servers after a restore (docs/operations.md says so).

Tables join a topic in their app's migration with `count_changes(table, topic)`.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, migrations, transaction

TABLE = "core_changecounter"
TIMEOUT = 600  # seconds; a bound on memory, not on staleness (the counts see to that)
ENTRIES = 2000
# Rows of backends that have gone are folded into backend 0 once a topic has this many.
FOLD_AFTER = 64

# The counts read once for the current GET request; None outside one (read at each use).
_memo: ContextVar[dict[str, int] | None] = ContextVar("versions_memo", default=None)

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION core_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (topic, backend, value) VALUES (TG_ARGV[0], pg_backend_pid(), 1)
    ON CONFLICT (topic, backend) DO UPDATE SET value = {TABLE}.value + 1;
    RETURN NULL;
END $$;
"""  # noqa: S608 — the table's own name, no value


def _trigger(table: str, topic: str) -> str:
    return f"{table}_counts_{topic}"


def count_changes(table: str, topic: str) -> migrations.RunPython:
    """A migration operation: every write to `table` moves `topic`'s count (one trigger per statement on
    PostgreSQL; per row on SQLite, which has no other kind and one writer at a time)."""

    def install(apps: Any, schema_editor: Any) -> None:
        name = _trigger(table, topic)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION core_count_change('{topic}')"
            )
            return
        bump = f"INSERT INTO {TABLE} (topic, backend, value) VALUES ('{topic}', 0, 1) "  # noqa: S608 — names only
        bump += "ON CONFLICT (topic, backend) DO UPDATE SET value = value + 1"
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(f"CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table} BEGIN {bump}; END")

    def uninstall(apps: Any, schema_editor: Any) -> None:
        name = _trigger(table, topic)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            return
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")

    return migrations.RunPython(install, uninstall, elidable=False)


def _read() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT topic, SUM(value), COUNT(*) FROM {TABLE} GROUP BY topic")  # noqa: S608
        rows = cursor.fetchall()
    if connection.vendor == "postgresql" and any(n > FOLD_AFTER for _, _, n in rows):
        fold()
    return {topic: int(total) for topic, total, _ in rows}


def current() -> dict[str, int]:
    """Every topic's count: read once per GET request, at each call otherwise."""
    memo = _memo.get()
    if memo is not None:
        return memo
    return _read()


def begin_request(method: str) -> Any:
    """Called by the request middleware: a GET or HEAD request reads the counts once, lazily."""
    return _memo.set(_LazyCounts() if method in ("GET", "HEAD") else None)


def end_request(token: Any) -> None:
    _memo.reset(token)


class _LazyCounts(dict[str, int]):
    """The request's counts, read from the database on first use (a page that caches nothing reads none)."""

    loaded = False

    def _load(self) -> None:
        if not self.loaded:
            self.update(_read())
            self.loaded = True

    def get(self, key: str, default: Any = None) -> Any:
        self._load()
        return super().get(key, default)

    def __getitem__(self, key: str) -> int:
        self._load()
        return super().__getitem__(key)


def keeping() -> bool:
    """Whether a figure asked for now can be kept (not inside a transaction): a caller whose key costs
    queries of its own asks first."""
    return not connection.in_atomic_block


def cached[T](name: str, topics: Iterable[str], key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept in this process until a write to one of `topics` (or TIMEOUT).

    `name` says what is cached (one per call site), `key` everything else the figure depends on — the user
    or their reach, the unit, the filters. Inside a transaction nothing is read from or written to the cache.
    """
    topics = tuple(topics)
    _note(topics)  # a keeping around this one depends on these topics too, hit or miss
    if not keeping():
        return compute()
    counts = current()
    stamp = tuple(counts.get(topic, 0) for topic in topics)
    cache_key = (name, stamp, key)
    found = _store.get(cache_key)
    if found is not _MISSING:
        return found
    value = compute()
    _store.put(cache_key, value)
    return value


_MISSING = object()


class _Store:
    """A bounded, expiring map shared by the threads of one process."""

    def __init__(self) -> None:
        self.entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] < time.monotonic():
                return _MISSING
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + TIMEOUT, value)
            self.entries.move_to_end(key)
            while len(self.entries) > ENTRIES:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_store = _Store()


def clear() -> None:
    """Forget everything cached in this process (tests; after a restore, restarting does the same)."""
    _store.clear()


def fold() -> None:
    """Fold the rows of backends that have gone into backend 0, keeping every topic's sum: a topic's rows
    would otherwise grow by one for every connection ever opened. Rows a live transaction holds are skipped
    (SKIP LOCKED), and one fold runs at a time (an advisory lock); neither waits for anybody."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext('core_changecounter_fold'))")
        if not cursor.fetchone()[0]:
            return
        cursor.execute(
            f"""
            WITH gone AS (
                SELECT id, topic, value FROM {TABLE}
                WHERE backend <> 0 AND backend NOT IN (SELECT pid FROM pg_stat_activity)
                FOR UPDATE SKIP LOCKED
            ), removed AS (
                DELETE FROM {TABLE} t USING gone WHERE t.id = gone.id RETURNING gone.topic, gone.value
            )
            INSERT INTO {TABLE} (topic, backend, value)
            SELECT topic, 0, SUM(value) FROM removed GROUP BY topic
            ON CONFLICT (topic, backend) DO UPDATE SET value = {TABLE}.value + EXCLUDED.value
            """  # noqa: S608
        )


# --- counts of lists ----------------------------------------------------------------------------------

_TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


@lru_cache(maxsize=1)
def counted_tables() -> dict[str, str]:
    """Which tables' writes move which topic, read from the triggers themselves (the database is the truth:
    a table is counted only once its migration has run)."""
    found: dict[str, str] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE '%\\_counts\\_%'"
            )
            for table, definition in cursor.fetchall():
                topic = re.search(r"core_count_change\('(\w+)'\)", definition)
                if topic:
                    found[table] = topic[1]
        else:
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_counts_%'")
            for table, definition in cursor.fetchall():
                topic = re.search(r"VALUES \('(\w+)', 0, 1\)", definition)
                if topic:
                    found[table] = topic[1]
    return found


def count(qs: Any) -> int:
    """`qs.count()`, kept until a write to any table the count reads: a list page's total, asked on every
    page of it. Counted afresh when the query reads a table no trigger counts (nothing could tell its change)."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return 0
    tables = set(_TABLE.findall(sql))
    counted = counted_tables()
    if not tables or not tables <= counted.keys():
        return int(qs.count())
    topics = sorted({counted[t] for t in tables})
    key = (sql, tuple(map(str, params)))
    return int(cached("count", topics, key, qs.count))


def kept[T](name: str, key: Hashable, compute: Callable[[], T], *, whole_key: bool = False) -> T:
    """`compute()`, kept until a write to any table it read: the topics are those of the SQL it ran and of the
    figures kept elsewhere that it used (`cached`, `count`, a `kept` inside it), so a dashboard that reads ten
    tables needs no list of them to stay exact. Kept only when every table read is counted (a table without a
    trigger could change unseen); `key` holds everything else it depends on — the reach, the unit, the
    filters, and the day or the moment when the figures depend on time.

    A computation that read nothing is not kept: what it shows was read before it ran (a list page whose
    rows the paginator already fetched), out of sight. `whole_key=True` says the key holds all of it, and
    keeps such a computation under its key alone ({% kept %}'s asset links)."""
    if not keeping():
        return compute()
    counts = current()
    slot = ("kept", name, key)
    found = _store.get(slot)
    if found is not _MISSING:
        topics, stamp, value = found
        if tuple(counts.get(topic, 0) for topic in topics) == stamp:
            _note(topics)
            return value
    value, read = _reading(compute)
    if UNCOUNTED not in read and (read or whole_key):
        topics = tuple(sorted(read))
        _store.put(slot, (topics, tuple(counts.get(topic, 0) for topic in topics), value))
    return value


# What a keeping in progress has read: the topics of its tables and of the kept figures it used, UNCOUNTED
# for a table no trigger counts. Each `_reading` collects its own and hands them on to the one around it.
UNCOUNTED = "(uncounted)"
_reader: ContextVar[set[str] | None] = ContextVar("versions_reader", default=None)


def _note(topics: Iterable[str]) -> None:
    reader = _reader.get()
    if reader is not None:
        reader.update(topics)


def _reading[T](compute: Callable[[], T]) -> tuple[T, set[str]]:
    """`compute()` and the topics it read (UNCOUNTED among them when a table it read has no trigger)."""
    read: set[str] = set()
    counted = counted_tables()

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        # (the counts themselves, read by a `cached` inside outside a request, are no data of the figure)
        read.update(counted.get(table, UNCOUNTED) for table in _TABLE.findall(sql) if table != TABLE)
        return execute(sql, params, many, context)

    token = _reader.set(read)
    try:
        with connection.execute_wrapper(spy):
            value = compute()
    finally:
        _reader.reset(token)
    _note(read)
    return value, read
