"""The pinyin collation on SQLite, under PostgreSQL's ICU name, so `core.paging.pinyin(field)` sorts
Chinese names by their reading (艾 < 白 < 张) on both engines: PostgreSQL has `zh-x-icu` built in, SQLite is
given one per connection that compares `names.sort_key`. Lives here because the readings do."""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created

from unionhall.core.paging import PINYIN_COLLATION


def _compare(a: str, b: str) -> int:
    from unionhall.members.names import sort_key

    ka, kb = sort_key(a or ""), sort_key(b or "")
    return (ka > kb) - (ka < kb)


def _install(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(PINYIN_COLLATION, _compare)


def register() -> None:
    connection_created.connect(_install, dispatch_uid="unionhall.members.collation")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _install(connection=connection)
