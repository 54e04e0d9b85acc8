"""Incomes and the hardship description are stored like ID numbers: ciphertext in the column, the plain
value in Python, never in clear in the audit trail; the migration seals rows written before it."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

from django.db import connection

from unionhall.assistance import services
from unionhall.assistance.models import AssistanceSettings, HardshipFile, HouseholdMember
from unionhall.core import pii
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

migration = importlib.import_module("unionhall.assistance.migrations.0003_encrypt_incomes_and_hardship_description")


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_an_archives_income_and_description_are_ciphertext_in_the_database_and_plain_in_python(city: City) -> None:
    f = hardship_file(city.u1, description="丈夫肢体二级残疾，长期透析")
    f.refresh_from_db()
    assert (f.monthly_income_fen, f.description) == (1_500_00, "丈夫肢体二级残疾，长期透析")
    stored_income = raw("assistance_hardshipfile", "monthly_income_fen", f.pk)
    stored_text = raw("assistance_hardshipfile", "description", f.pk)
    assert "150000" not in stored_income and "残疾" not in stored_text
    assert pii.decrypt(stored_income) == "150000"


def test_a_household_members_income_is_ciphertext_in_the_database(city: City) -> None:
    f = hardship_file(city.u1)
    m = HouseholdMember.objects.create(file=f, name="李小", relation="child", monthly_income_fen=2_300_00)
    assert "230000" not in raw("assistance_householdmember", "monthly_income_fen", m.pk)
    assert HouseholdMember.objects.get(pk=m.pk).monthly_income_fen == 2_300_00


def test_the_audit_trail_says_only_that_the_income_and_description_changed(city: City, db: Any) -> None:
    AssistanceSettings.current()
    f = hardship_file(city.u1, status="draft", description="旧情况")
    services.hardship_file_update(
        actor=city.users["chair_u1"], file=f, monthly_income_fen=8_765_43, description="新情况：因病"
    )
    changes = AuditEvent.objects.get(action="hardship_file.update", success=True).changes
    assert (changes["monthly_income_fen"], changes["description"]) == ("changed", "changed")
    assert "876543" not in str(changes) and "因病" not in str(changes)


def test_the_migration_seals_rows_written_in_clear_before_it(city: City) -> None:
    f = hardship_file(city.u1)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assistance_hardshipfile SET monthly_income_fen = %s, description = %s WHERE id = %s",
            ["123400", "旧档案的情况", f.pk],
        )
    migration.seal(None, SimpleNamespace(connection=connection))
    assert "123400" not in raw("assistance_hardshipfile", "monthly_income_fen", f.pk)
    again = HardshipFile.objects.get(pk=f.pk)
    assert (again.monthly_income_fen, again.description) == (1_234_00, "旧档案的情况")
