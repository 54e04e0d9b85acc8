"""A fresh, empty database to restore into: a new SQLite file, or a new PostgreSQL database beside the test
database (dropped first if a previous run left it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from django.db import connection


def fresh_database(where: Path, vendor: str, name: str = "") -> dict[str, Any]:
    if vendor == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(where / "restored.sqlite3")}
    db = dict(connection.settings_dict)
    name = name or f"{db['NAME']}_restored"[:63]
    with psycopg.connect(
        dbname="postgres",
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return {**db, "NAME": name}
