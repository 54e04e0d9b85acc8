"""Production refuses to start with a keyring it cannot use."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from unionhall.core import pii
from unionhall.dataops.checks import production_keyring_is_usable

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()


@pytest.fixture
def production(settings: Any) -> Iterator[Any]:
    settings.PRODUCTION = True
    settings.PII_ENCRYPTION_KEY, settings.PII_KEYS, settings.PII_KEY_ID = "", f"k1:{KEY}", "k1"
    settings.PII_HASH_KEY = base64.urlsafe_b64encode(b"h" * 32).decode()
    yield settings
    pii.reset()


def ids(production: Any) -> set[str]:
    return {m.id for m in production_keyring_is_usable()}


def test_a_current_key_id_missing_from_the_ring_stops_a_production_start(production: Any) -> None:
    production.PII_KEY_ID = "k2"
    assert ids(production) == {"unionhall.E010"}


def test_a_key_of_the_wrong_length_stops_a_production_start(production: Any) -> None:
    production.PII_KEYS = f"k1:{base64.urlsafe_b64encode(b'short').decode()}"
    assert ids(production) == {"unionhall.E011"}


def test_a_well_formed_keyring_passes(production: Any) -> None:
    assert ids(production) == set()
