"""Backup and restore: a backup restores into a fresh database with the same row counts, checksums and
uploads; a non-empty target is refused unless forced; a backup that does not match its manifest fails."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from unionhall.core.errors import Conflict, PermissionDenied
from unionhall.core.models import AuditEvent
from unionhall.dataops import backup, services
from unionhall.dataops.tests.support import fresh_database
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City


def uploads(settings: Any, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    (media / "evidence" / "2026" / "11").mkdir(parents=True)
    (media / "evidence" / "2026" / "11" / "proof.pdf").write_bytes(b"%PDF-1.4 proof")
    settings.MEDIA_ROOT = media
    return media


@pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only
def test_a_backup_restores_into_a_fresh_database_with_equal_counts_checksums_and_uploads(
    city: City, settings: Any, tmp_path: Path
) -> None:
    media = uploads(settings, tmp_path)
    where = services.backup_create(actor=city.users["sysadmin"], directory=tmp_path / "b")
    manifest = json.loads((where / backup.MANIFEST).read_text())
    assert manifest["tables"]["orgs_orgunit"]["rows"] >= 1 and manifest["media"]
    into = fresh_database(tmp_path, connection.vendor)
    result = services.backup_restore(actor=SYSTEM, directory=where, into=into, media_root=tmp_path / "restored")
    assert result["tables"] == len(manifest["tables"])
    assert (tmp_path / "restored" / "evidence/2026/11/proof.pdf").read_bytes() == (
        media / "evidence/2026/11/proof.pdf"
    ).read_bytes()
    assert [e.success for e in AuditEvent.objects.filter(action__startswith="backup.").order_by("id")] == [True, True]


@pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only
def test_a_restore_over_a_non_empty_database_is_refused_unless_forced(
    city: City, settings: Any, tmp_path: Path
) -> None:
    uploads(settings, tmp_path)
    where = services.backup_create(actor=SYSTEM, directory=tmp_path / "b")
    into = fresh_database(tmp_path, connection.vendor)
    services.backup_restore(actor=SYSTEM, directory=where, into=into, media_root=tmp_path / "r")
    with pytest.raises(Conflict, match="--force"):
        services.backup_restore(actor=SYSTEM, directory=where, into=into, media_root=tmp_path / "r2")
    services.backup_restore(actor=SYSTEM, directory=where, into=into, media_root=tmp_path / "r", force=True)


@pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only
def test_a_backup_that_does_not_match_its_manifest_fails_verification(
    city: City, settings: Any, tmp_path: Path
) -> None:
    uploads(settings, tmp_path)
    where = services.backup_create(actor=SYSTEM, directory=tmp_path / "b")
    manifest = json.loads((where / backup.MANIFEST).read_text())
    manifest["tables"]["orgs_orgunit"]["rows"] += 1
    (where / backup.MANIFEST).write_text(json.dumps(manifest))
    into = fresh_database(tmp_path, connection.vendor)
    with pytest.raises(Conflict, match="orgs_orgunit"):
        services.backup_restore(actor=SYSTEM, directory=where, into=into, media_root=tmp_path / "r")
    assert AuditEvent.objects.filter(action="backup.restore", success=False).count() == 1


def test_only_the_system_admin_or_a_command_backs_up(city: City, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.backup_create(actor=city.users["outsider"], directory=tmp_path / "b")
    with pytest.raises(CommandError, match="不是备份目录"):
        call_command("restore", str(tmp_path / "nothing"))
    assert not (tmp_path / "b").exists()


def test_pg_dump_older_than_the_server_is_refused(monkeypatch: Any) -> None:
    monkeypatch.setattr(backup, "client_major", lambda tool: 14)
    with pytest.raises(Conflict, match="PostgreSQL 15"):
        backup.check_client_version("pg_dump", 150020)
    monkeypatch.setattr(backup, "client_major", lambda tool: 15)
    assert backup.check_client_version("pg_dump", 150020) == {"client": 15, "server": 15}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_drill_the_demo_city_comes_back_whole_in_a_fresh_database(settings: Any, tmp_path: Path) -> None:
    from unionhall.demo.seed import seed_demo
    from unionhall.tests.city import restore_migrated_defaults

    restore_migrated_defaults()
    media = uploads(settings, tmp_path)
    seed_demo(members=50, seed=1, today=dt.date(2026, 11, 1))
    call_command("backup", "--to", str(tmp_path / "b"), stdout=StringIO())
    into = fresh_database(tmp_path, "postgresql", name="uh_restore_drill")
    url = f"postgres://{into.get('USER') or ''}@{into.get('HOST') or '127.0.0.1'}:{into.get('PORT') or 5432}/{into['NAME']}"
    out = StringIO()
    call_command("restore", str(tmp_path / "b"), "--into", url, "--media-root", str(tmp_path / "r"), stdout=out)
    assert "清单校验一致" in out.getvalue()
    manifest = json.loads((tmp_path / "b" / backup.MANIFEST).read_text())
    assert manifest["tables"]["members_person"]["rows"] >= 50
    with backup._pg_connect(into, autocommit=True) as conn, conn.cursor() as cursor:
        assert backup.pg_manifest(cursor) == manifest["tables"]
    assert backup.media_manifest(tmp_path / "r") == backup.media_manifest(media)
