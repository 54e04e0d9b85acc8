"""Key rotation: every encrypted column reads the same after `rotate_keys`, rows are under the new key id,
the old key no longer opens them, and a row not yet rotated still reads during the rotation."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from django.core.management import call_command
from django.db import connection

from unionhall.assistance.models import HardshipFile, HouseholdMember
from unionhall.core import pii
from unionhall.core.models import AuditEvent
from unionhall.dataops import keys, services
from unionhall.members.models import Person
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

OLD, NEW = (base64.urlsafe_b64encode(os.urandom(32)).decode() for _ in range(2))


@pytest.fixture
def ring(settings: Any) -> Iterator[Any]:
    settings.PII_ENCRYPTION_KEY, settings.PII_KEYS, settings.PII_KEY_ID = "", f"k1:{OLD}", "k1"
    settings.PII_HASH_KEY = base64.urlsafe_b64encode(b"h" * 32).decode()
    pii.reset()
    yield settings
    pii.reset()


def switch_to_new_key(settings: Any, *, keep_old: bool = True) -> None:
    settings.PII_KEYS = f"k1:{OLD},k2:{NEW}" if keep_old else f"k2:{NEW}"
    settings.PII_KEY_ID = "k2"
    pii.reset()


def raw_tokens() -> dict[str, list[str]]:
    quote = connection.ops.quote_name
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for model, field in keys.encrypted_columns():
            table, column = quote(model._meta.db_table), quote(field.column)
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            found[f"{model._meta.label_lower}.{field.name}"] = [r[0] for r in cursor.fetchall()]
    return found


def reads() -> dict[str, Any]:
    f = HardshipFile.objects.get()
    return {
        "ids": sorted(p.reveal_id_number() for p in Person.objects.all()),
        "income": f.monthly_income_fen,
        "description": f.description,
        "bank": f.reveal_bank_account(),
        "health": [m.reveal_health() for m in HouseholdMember.objects.all()],
        "member_income": [m.monthly_income_fen for m in HouseholdMember.objects.all()],
    }


def test_every_encrypted_column_reads_the_same_after_rotation_and_only_under_the_new_key(city: City, ring: Any) -> None:
    f = hardship_file(city.u1, description="因病致困")
    member = HouseholdMember(file=f, name="李小", relation="child", monthly_income_fen=1_200_00)
    member.set_health("先天性心脏病")
    member.save()
    before = reads()
    assert {pii.key_id_of(t) for tokens in raw_tokens().values() for t in tokens} == {"k1"}

    switch_to_new_key(ring)
    call_command("rotate_keys", "--batch-size", "1")

    tokens = [t for column in raw_tokens().values() for t in column]
    assert {pii.key_id_of(t) for t in tokens} == {"k2"}
    assert len(tokens) == 6  # ID number, income, description, bank account, health, member income
    switch_to_new_key(ring, keep_old=False)  # the old key is gone: everything still reads
    assert reads() == before
    old_only = open_with_key(OLD)
    with pytest.raises(InvalidTag):
        old_only(tokens[0])
    event = AuditEvent.objects.get(action="pii_keys.rotate")
    assert event.changes["key_id"] == "k2" and event.changes["rotated"]["members.person.id_number_enc"] >= 1


def open_with_key(key: str) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def opener(token: str) -> bytes:
        kid, _, body = token.partition(":")
        raw = base64.b64decode(body)
        return AESGCM(base64.urlsafe_b64decode(key)).decrypt(raw[:12], raw[12:], kid.encode())

    return opener


def test_a_row_not_yet_rotated_reads_with_its_old_key_during_the_rotation(city: City, ring: Any) -> None:
    first = hardship_file(city.u1, description="第一户")
    second = hardship_file(city.u1, description="第二户")
    switch_to_new_key(ring)
    model, field = HardshipFile, HardshipFile._meta.get_field("description")
    # Rotate only the first batch of one column, as a running rotation would have done so far.
    HardshipFile.objects.filter(pk=second.pk).update(phone="x")  # a write elsewhere meanwhile
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM assistance_hardshipfile WHERE id = %s", [first.pk])
        token = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE assistance_hardshipfile SET description = %s WHERE id = %s",
            [pii.encrypt(pii.decrypt(token)), first.pk],
        )
    assert [HardshipFile.objects.get(pk=p).description for p in (first.pk, second.pk)] == ["第一户", "第二户"]
    assert keys.rotate_column(model, field, batch_size=1) == 1  # only the row still under k1


def test_rotation_is_refused_to_someone_who_is_not_the_system_admin(city: City, ring: Any) -> None:
    from unionhall.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.pii_keys_rotate(actor=city.users["chair_u1"])
    assert services.pii_keys_rotate(actor=city.users["sysadmin"]) is not None
    assert services.pii_keys_rotate(actor=SYSTEM) == {k: 0 for k in services.pii_keys_rotate(actor=SYSTEM)}
