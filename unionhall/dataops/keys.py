"""Re-encrypting every encrypted column under the keyring's current key, a batch at a time.

Each batch is its own short transaction and each row is rewritten only if it still holds the ciphertext
read (`… WHERE id = %s AND col = %s`), so the site keeps reading and writing during a rotation: a row not
yet rotated opens with its old key, and a row a user saved meanwhile is already under the current key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from unionhall.core import pii
from unionhall.core.pii_fields import ENCRYPTED_FIELDS


def encrypted_columns() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    """The encrypted fields' classes, plus the older text columns that hold ciphertext (`…_enc`)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ENCRYPTED_FIELDS) or (
                isinstance(field, models.TextField) and field.name.endswith("_enc")
            ):
                yield model, field


def rotate_column(model: type[models.Model], field: models.Field[Any, Any], *, batch_size: int) -> int:
    quote = connection.ops.quote_name
    table, column, pk = quote(model._meta.db_table), quote(str(field.column)), quote(str(model._meta.pk.column))
    select = f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s AND {column} <> '' ORDER BY {pk} LIMIT %s"  # noqa: S608
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"  # noqa: S608
    last, rotated = 0, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return rotated
            stale = [(pii.encrypt(pii.decrypt(token)), key, token) for key, token in rows if not pii.is_current(token)]
            if stale:
                cursor.executemany(update, stale)
            rotated += len(stale)
            last = rows[-1][0]


def key_ids_in_use() -> dict[str, dict[str, int]]:
    """{"app.model.field": {key id: rows}}: what still needs an old key, before it is dropped from the ring.

    Read raw: the encrypted fields would hand back plain values."""
    quote = connection.ops.quote_name
    found: dict[str, dict[str, int]] = {}
    for model, field in encrypted_columns():
        counts: dict[str, int] = {}
        with connection.cursor() as cursor:
            column = quote(str(field.column))
            cursor.execute(f"SELECT {column} FROM {quote(model._meta.db_table)} WHERE {column} <> ''")  # noqa: S608
            for (token,) in cursor.fetchall():
                kid = pii.key_id_of(str(token))
                counts[kid] = counts.get(kid, 0) + 1
        found[f"{model._meta.label_lower}.{field.name}"] = counts
    return found
