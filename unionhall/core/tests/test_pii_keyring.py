"""The keyring: ciphertexts name their key, several keys read at once, the pre-keyring format still opens."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from unionhall.core import pii

OLD, NEW = (base64.urlsafe_b64encode(os.urandom(32)).decode() for _ in range(2))


@pytest.fixture
def ring(settings: Any) -> Iterator[Any]:
    settings.PII_ENCRYPTION_KEY = OLD
    settings.PII_KEYS = ""
    settings.PII_KEY_ID = ""
    settings.PII_HASH_KEY = base64.urlsafe_b64encode(b"h" * 32).decode()
    pii.reset()
    yield settings
    pii.reset()


def test_a_new_ciphertext_carries_the_id_of_the_current_key(ring: Any) -> None:
    ring.PII_KEYS, ring.PII_KEY_ID = f"k2027:{NEW}", "k2027"
    pii.reset()
    token = pii.encrypt("320508198001010011")
    assert token.startswith("k2027:") and pii.decrypt(token) == "320508198001010011"


def test_a_ciphertext_written_before_the_keyring_still_opens_with_the_legacy_key(ring: Any) -> None:
    nonce = os.urandom(12)
    sealed = AESGCM(base64.urlsafe_b64decode(OLD)).encrypt(nonce, b"6222021234567890123", None)
    old_format = base64.b64encode(nonce + sealed).decode()
    ring.PII_KEYS, ring.PII_KEY_ID = f"k2027:{NEW}", "k2027"
    pii.reset()
    assert pii.key_id_of(old_format) == pii.LEGACY
    assert pii.decrypt(old_format) == "6222021234567890123"


def test_a_value_sealed_under_the_old_key_reads_while_both_keys_are_in_the_ring(ring: Any) -> None:
    under_old = pii.encrypt("因病致困")
    ring.PII_KEYS, ring.PII_KEY_ID = f"k2027:{NEW}", "k2027"
    pii.reset()
    assert pii.decrypt(under_old) == "因病致困" and not pii.is_current(under_old)
    assert pii.is_current(pii.encrypt("x"))


def test_a_key_id_cannot_be_swapped_on_a_ciphertext(ring: Any) -> None:
    ring.PII_KEYS = f"k2027:{OLD}"
    pii.reset()
    token = pii.encrypt("secret")
    with pytest.raises(InvalidTag):  # the id is associated data: AES-GCM refuses another id
        pii.decrypt(token.replace("legacy:", "k2027:", 1))


def test_a_malformed_keyring_entry_is_refused() -> None:
    with pytest.raises(ValueError, match="id:key"):
        pii.parse_keys("no-separator")
