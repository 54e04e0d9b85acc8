"""Personal data at rest: AES-GCM encryption, a keyed hash for exact lookup, and masking for display.

Keys come from UNIONHALL_PII_KEY and UNIONHALL_PII_HASH_KEY (32 bytes each, urlsafe base64). A
development machine without them gets a pair generated once into var/dev-keys.json.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


@cache
def _keys() -> tuple[bytes, bytes]:
    enc, mac = settings.PII_ENCRYPTION_KEY, settings.PII_HASH_KEY
    if not (enc and mac):
        path = settings.VAR_DIR / "dev-keys.json"
        if path.exists():
            stored = json.loads(path.read_text())
        else:
            stored = {name: base64.urlsafe_b64encode(os.urandom(32)).decode() for name in ("pii_key", "pii_hash_key")}
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(stored))
            path.chmod(0o600)
        enc, mac = enc or stored["pii_key"], mac or stored["pii_hash_key"]
    return base64.urlsafe_b64decode(enc), base64.urlsafe_b64decode(mac)


@cache
def _cipher() -> AESGCM:
    """One cipher object for the process: building it expands the key, a cost a 100,000-row import would
    otherwise pay for every row."""
    return AESGCM(_keys()[0])


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    sealed = _cipher().encrypt(nonce, plain.encode(), None)
    return base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    return _cipher().decrypt(raw[:12], raw[12:], None).decode()


@cache
def _keyed() -> hmac.HMAC:
    """The HMAC keyed once; each value hashes a copy of it (half the cost of keying a new one per value)."""
    return hmac.new(_keys()[1], digestmod=hashlib.sha256)


def blind_index(plain: str) -> str:
    """Keyed hash of the normalized value: equal values match, the value cannot be recovered."""
    mac = _keyed().copy()
    mac.update(plain.strip().upper().encode())
    return mac.hexdigest()


def mask_id_number(plain: str) -> str:
    """110***********1234: the first three and last four characters stay visible."""
    if len(plain) <= 7:
        return "*" * len(plain)
    return plain[:3] + "*" * (len(plain) - 7) + plain[-4:]


def mask_account(plain: str) -> str:
    """6222 **** **** 1234: a bank card's or an assistance card's issuer prefix and last four digits."""
    if not plain:
        return ""
    if len(plain) <= 8:
        return "*" * len(plain)
    return plain[:4] + " **** **** " + plain[-4:]


def mask_phone(plain: str) -> str:
    return plain[:3] + "****" + plain[-4:] if len(plain) >= 11 else plain


def mask_name(plain: str) -> str:
    """张** : the surname's first character stays, as lists show a name to someone who may not see it."""
    plain = plain.strip()
    if len(plain) <= 1:
        return "*" * len(plain)
    return plain[0] + "*" * (len(plain) - 1)


def mask_member_no(plain: str) -> str:
    """GH******0123: a member number finds a person in the roster, so lists of actions mask it like an ID."""
    if len(plain) <= 6:
        return "*" * len(plain)
    return plain[:2] + "*" * (len(plain) - 6) + plain[-4:]
