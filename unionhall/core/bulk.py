"""Writing and matching many rows fast: PostgreSQL COPY and arrays, bulk_create and chunked IN elsewhere.

Rows are plain tuples in the order of the fields named, never model instances: for a 100,000-row roster,
building 300,000 instances cost more than writing them. On PostgreSQL every new row's primary key is drawn
from its table's sequence first (all tables in one query), so a caller knows the ids before anything is
written and can refer to them from the next table; the rows are then streamed with COPY as they are
computed, so the server indexes the first rows while Python prepares the next. Elsewhere bulk_create
writes them and reports the ids it got.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

IN_CHUNK = 10_000  # values per IN (...) where there are no arrays: below SQLite's 32,766 parameters
BATCH = 2000


def copying() -> bool:
    return connection.vendor == "postgresql"


def where_in[M: models.Model](
    queryset: models.QuerySet[M, Any], field: str, values: Sequence[Any]
) -> Iterator[models.QuerySet[M, Any]]:
    """`queryset` narrowed to rows whose `field` is one of `values`, as the querysets to run: one query with
    `= ANY(array)` on PostgreSQL (one parameter, however many values), chunks of IN (...) elsewhere."""
    if not values:
        return
    if copying():
        meta = queryset.model._meta
        target = meta.pk if field == "pk" else meta.get_field(field)
        quote = connection.ops.quote_name
        # names and type from the model, the values one parameter
        match = f"{quote(meta.db_table)}.{quote(_column(target))} = ANY(%s::{_array_type(target)})"
        yield queryset.filter(RawSQL(match, (array_literal(values),), output_field=models.BooleanField()))  # noqa: S611
        return
    for start in range(0, len(values), IN_CHUNK):
        yield queryset.filter(**{f"{field}__in": values[start : start + IN_CHUNK]})


def array_literal(values: Iterable[Any]) -> str:
    """A PostgreSQL array as one text parameter ('{"a","b",NULL}'), to be cast to its type in the query.

    Django's cursor binds parameters on the client, and psycopg quotes a list element by element in
    Python (half a second for 100,000 keys); one string is escaped in C."""
    parts = []
    for value in values:
        if value is None:
            parts.append("NULL")
        elif value is True or value is False:
            parts.append("t" if value else "f")
        elif isinstance(value, int):
            parts.append(str(value))
        elif isinstance(value, (date, datetime)):
            parts.append(value.isoformat())
        else:
            parts.append('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


def _array_type(field: Any) -> str:
    return f"{field.cast_db_type(connection)}[]"


def _column(field: Any) -> str:
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{field} is not a column.")
    return column


def reserve_ids(counts: dict[type[models.Model], int]) -> dict[type[models.Model], list[int]]:
    """Primary keys for that many new rows of each model, drawn from the tables' sequences in one query
    (PostgreSQL only). Concurrent writers draw from the same sequences, so the ids are ours alone."""
    wanted = [(model, n) for model, n in counts.items() if n > 0]
    if not wanted:
        return {}
    parts, params = [], []
    for model, n in wanted:
        # the sequence's name as a scalar subquery, so it is looked up once and not for every id
        parts.append(
            "ARRAY(SELECT nextval((SELECT pg_get_serial_sequence(%s, %s)::regclass)) FROM generate_series(1, %s))"
        )
        params += [model._meta.db_table, model._meta.pk.column, n]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        arrays = cursor.fetchone()
    return {model: list(ids) for (model, _), ids in zip(wanted, arrays, strict=True)}


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ids: Sequence[int] | None = None,
) -> list[int]:
    """Insert `rows` (values in the order of `fields`, attnames) and return their primary keys in order.

    With `ids` (from reserve_ids, one per row) the rows are streamed with COPY; `rows` may be a generator,
    consumed while the server is already writing. Fields left out get their default, auto_now(_add)
    fields the time of the call. Without `ids`, bulk_create writes them.
    """
    if ids is None:
        return _bulk_create(model, fields, rows)
    meta = model._meta
    now = timezone.now()
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in fields]
    tail = tuple(now if _auto_now(f) else _default(f) for f in rest)
    by_attname = {f.attname: f for f in meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = [_column(meta.pk), *(_column(by_attname[name]) for name in fields), *(_column(f) for f in rest)]
    # Binary COPY: psycopg packs each value in C and the server skips parsing text (dates, timestamps),
    # given each column's type, read from the catalog.
    copy_sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN (FORMAT BINARY)"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            [meta.db_table],
        )
        types = dict(cursor.fetchall())
        with cursor.cursor.copy(copy_sql) as copy:
            copy.set_types([types[c] for c in columns])
            write = copy.write_row
            for pk, row in zip(ids, rows, strict=True):
                write((pk, *row, *tail))
    return list(ids)


def _auto_now(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _default(field: models.Field[Any, Any]) -> Any:
    if field.has_default() and callable(field.default):
        raise ValueError(f"{field} has a callable default: pass its value in each row.")
    value = field.get_default()
    return value if value is None else field.get_prep_value(value)


def _bulk_create(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[int]:
    objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=BATCH)
    return [obj.pk for obj in objects]


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set `fields` of existing rows, each given as (pk, *values): one UPDATE … FROM unnest(arrays) on
    PostgreSQL, bulk_update elsewhere. auto_now fields are not touched unless named."""
    if not rows:
        return
    if not copying():
        objects = [model(pk=row[0], **dict(zip(fields, row[1:], strict=True))) for row in rows]
        model._default_manager.bulk_update(objects, list(fields), batch_size=BATCH)
        return
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    quote = connection.ops.quote_name
    targets = [by_attname[name] for name in fields]
    names = [f"v{i}" for i in range(len(targets) + 1)]
    casts = [f"%s::{_array_type(f)}" for f in [meta.pk, *targets]]
    sets = ", ".join(f"{quote(_column(f))} = v.{n}" for f, n in zip(targets, names[1:], strict=True))
    columns = list(zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} AS t SET {sets} "  # noqa: S608 - names from the model, values as parameters
            f"FROM unnest({', '.join(casts)}) AS v({', '.join(names)}) WHERE t.{quote(_column(meta.pk))} = v.v0",
            [array_literal(column) for column in columns],
        )
