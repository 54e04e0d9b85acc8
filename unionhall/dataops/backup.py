"""Backups a data officer can restore and check: the database, the uploads, and a manifest to verify both.

PostgreSQL: `pg_dump` in custom format taken inside an exported snapshot, and the manifest's row counts and
checksums (md5 over each row's text, in primary-key order, computed by the server) read in that same
snapshot, so the two describe exactly the same data. `pg_restore` loads it into an empty database and the
manifest is computed again there and compared. SQLite (the local demo): the file is copied with SQLite's
backup API and checked the same way, with the checksums computed in Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection

from unionhall.core.errors import Conflict

MANIFEST = "manifest.json"
DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


# --- where ---------------------------------------------------------------------------------------


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _pg_connect(db: dict[str, Any], **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        **kwargs,
    )


def client_major(tool: str) -> int:
    out = subprocess.run([tool, "--version"], check=True, capture_output=True, text=True).stdout  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    if found is None:
        raise Conflict(f"无法识别 {tool} 的版本：{out.strip()}")
    return int(found.group(1))


def check_client_version(tool: str, server_version_num: int) -> dict[str, int]:
    """pg_dump/pg_restore must be at least the server's major version (PostgreSQL 15 here)."""
    client, server = client_major(tool), server_version_num // 10000
    if client < server:
        raise Conflict(f"{tool} 版本 {client} 低于数据库服务器版本 {server}，请安装 PostgreSQL {server} 的客户端。")
    return {"client": client, "server": server}


# --- the manifest --------------------------------------------------------------------------------


def _pg_tables(cursor: Any) -> dict[str, list[str]]:
    """{table: primary-key columns} of the public schema."""
    cursor.execute(
        """SELECT c.relname, coalesce(array_agg(a.attname ORDER BY array_position(i.indkey, a.attnum))
                  FILTER (WHERE a.attname IS NOT NULL), '{}')
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
           LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
           WHERE n.nspname = 'public' AND c.relkind = 'r'
           GROUP BY c.relname ORDER BY c.relname"""
    )
    return {name: list(pk) for name, pk in cursor.fetchall()}


def pg_manifest(cursor: Any) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for table, pk in _pg_tables(cursor).items():
        quoted = '"' + table.replace('"', '""') + '"'
        order = ", ".join(f't."{c}"' for c in pk) or "t::text"
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), ',' ORDER BY {order}), '')) FROM {quoted} t"  # noqa: S608
        )
        rows, checksum = cursor.fetchone()
        tables[table] = {"rows": rows, "md5": checksum}
    return tables


def sqlite_manifest(path: Path) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    with sqlite3.connect(path) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in names:
            digest, rows = hashlib.md5(usedforsecurity=False), 0
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):  # noqa: S608
                digest.update(repr(row).encode())
                rows += 1
            tables[table] = {"rows": rows, "md5": digest.hexdigest()}
    db.close()
    return tables


def media_manifest(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every upload under the media root."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    return sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))


# --- backup --------------------------------------------------------------------------------------


@contextmanager
def _exported_snapshot(db: dict[str, Any]) -> Iterator[tuple[str, Any, int]]:
    with _pg_connect(db) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int")
            snapshot, version = cursor.fetchone()  # type: ignore[misc]
            yield snapshot, cursor, version


def backup_to(directory: Path) -> dict[str, Any]:
    directory.mkdir(parents=True, exist_ok=False)
    db = connection.settings_dict
    manifest: dict[str, Any] = {"format": 1, "engine": connection.vendor}
    if connection.vendor == "postgresql":
        with _exported_snapshot(db) as (snapshot, cursor, version):
            manifest["pg_dump"] = check_client_version("pg_dump", version)
            subprocess.run(  # noqa: S603
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={directory / DUMP}"],  # noqa: S607
                check=True,
                env=_pg_env(db),
                capture_output=True,
            )
            manifest["tables"] = pg_manifest(cursor)
    elif connection.vendor == "sqlite":
        _sqlite_copy(directory / SQLITE_COPY)
        manifest["tables"] = sqlite_manifest(directory / SQLITE_COPY)
    else:
        raise Conflict(f"不支持备份 {connection.vendor} 数据库。")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, directory / "media")
    manifest["media"] = media_manifest(media)
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def _sqlite_copy(path: Path) -> None:
    """Copy through Django's own connection, schema then rows then indexes and triggers (so no trigger fires
    on the copy). SQLite's backup API waits for ever on the shared-cache in-memory database tests use."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name"
        )
        schema = cursor.fetchall()
        target = sqlite3.connect(path)
        try:
            for kind, name, sql in schema:
                if kind != "table":
                    continue
                target.execute(sql)
                cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608
                rows = cursor.fetchall()
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)  # noqa: S608
            for kind, _, sql in schema:
                if kind != "table":
                    target.execute(sql)
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone()[0]:  # the AUTOINCREMENT counters, so restored tables do not reuse ids
                cursor.execute("SELECT name, seq FROM sqlite_sequence")
                target.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", cursor.fetchall())
            target.commit()
        finally:
            target.close()


# --- restore -------------------------------------------------------------------------------------


def _pg_table_count(db: dict[str, Any]) -> tuple[int, int]:
    with _pg_connect(db, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*), current_setting('server_version_num')::int FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def restore_from(directory: Path, *, into: dict[str, Any], media_root: Path, force: bool) -> dict[str, Any]:
    """Load the backup into `into` (a settings-style database dict) and the uploads into `media_root`, then
    verify both against the manifest. Refuses a database or media root that is not empty unless `force`."""
    manifest = json.loads((directory / MANIFEST).read_text())
    engine = "postgresql" if "postgresql" in into["ENGINE"] else "sqlite"
    if engine != manifest["engine"]:
        raise Conflict(f"备份来自 {manifest['engine']}，不能恢复到 {engine}。")
    if media_root.exists() and any(media_root.iterdir()) and not force:
        raise Conflict(f"附件目录 {media_root} 不是空的；确认覆盖请加 --force。")
    if engine == "postgresql":
        tables, version = _pg_table_count(into)
        if tables and not force:
            raise Conflict(f"目标数据库 {into['NAME']} 已有 {tables} 张表；只能恢复到空数据库，确认覆盖请加 --force。")
        check_client_version("pg_restore", version)
        options = ["--clean", "--if-exists"] if tables else []
        subprocess.run(  # noqa: S603
            [  # noqa: S607 — the PostgreSQL client on PATH, its version checked above
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *options,
                "-d",
                into["NAME"],
                str(directory / DUMP),
            ],
            check=True,
            env=_pg_env(into),
            capture_output=True,
        )
        with _pg_connect(into, autocommit=True) as conn, conn.cursor() as cursor:
            found_tables = pg_manifest(cursor)
    else:
        path = Path(into["NAME"])
        if path.exists() and path.stat().st_size and not force:
            raise Conflict(f"目标数据库文件 {path} 已存在；只能恢复到新文件，确认覆盖请加 --force。")
        shutil.copyfile(directory / SQLITE_COPY, path)
        found_tables = sqlite_manifest(path)
    if (directory / "media").exists():
        shutil.copytree(directory / "media", media_root, dirs_exist_ok=True)
    found_media = media_manifest(media_root)
    bad_tables = differences(manifest["tables"], found_tables)
    bad_media = differences(manifest["media"], found_media)
    if bad_tables or bad_media:
        raise Conflict(f"恢复后校验不一致：数据表 {bad_tables[:10]}，附件 {bad_media[:10]}。")
    return {
        "tables": len(found_tables),
        "rows": sum(t["rows"] for t in found_tables.values()),
        "media": len(found_media),
    }
