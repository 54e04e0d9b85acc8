"""Personal data at rest: AES-GCM encryption under a keyring, a keyed hash for exact lookup, and masking.

Ciphertexts carry the id of the key that sealed them (`<key id>:<base64 nonce+sealed>`, the id also bound as
associated data), so several keys can be live at once: new values are sealed under the current key and a
value sealed under an older one still opens, which is what lets `manage.py rotate_keys` re-encrypt the rows
in batches while the site keeps reading them. A ciphertext without a prefix is the format written before
the keyring; it opens with the key whose id is `legacy` (what UNIONHALL_PII_KEY alone configures).

Keys: UNIONHALL_PII_KEYS (`id:key,id:key`, 32 bytes each, urlsafe base64) with UNIONHALL_PII_KEY_ID naming
the current one, and/or UNIONHALL_PII_KEY (the key `legacy`); UNIONHALL_PII_HASH_KEY for the blind index. A
development machine without them gets keys generated once into var/dev-keys.json.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

LEGACY = "legacy"
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]
    hash_key: bytes


def parse_keys(text: str) -> dict[str, str]:
    """`id:key,id:key` → {id: key}; a malformed entry is refused rather than silently dropped."""
    found: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        kid, sep, key = entry.partition(":")
        if not sep or not KEY_ID.match(kid) or not key:
            raise ValueError(f"密钥环条目格式应为 id:key：{kid!r}")
        found[kid] = key
    return found


def _dev_keys() -> dict[str, object]:
    path = settings.VAR_DIR / "dev-keys.json"
    if path.exists():
        stored: dict[str, object] = json.loads(path.read_text())
        return stored
    stored = {name: base64.urlsafe_b64encode(os.urandom(32)).decode() for name in ("pii_key", "pii_hash_key")}
    write_dev_keys(stored)
    return stored


def write_dev_keys(stored: dict[str, object]) -> None:
    path = settings.VAR_DIR / "dev-keys.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored))
    path.chmod(0o600)


@cache
def keyring() -> Keyring:
    keys = dict(parse_keys(settings.PII_KEYS))
    if settings.PII_ENCRYPTION_KEY:
        keys.setdefault(LEGACY, settings.PII_ENCRYPTION_KEY)
    current = settings.PII_KEY_ID or (LEGACY if LEGACY in keys else next(iter(keys), ""))
    mac = settings.PII_HASH_KEY
    if not (keys and mac):
        stored = _dev_keys()
        ring = dict(stored.get("pii_keys") or {})  # type: ignore[call-overload]
        if "pii_key" in stored:
            ring.setdefault(LEGACY, stored["pii_key"])
        keys = keys or ring
        current = settings.PII_KEY_ID or str(stored.get("pii_key_id") or LEGACY)
        mac = mac or str(stored["pii_hash_key"])
    if current not in keys:
        raise RuntimeError(f"当前密钥 {current!r} 不在密钥环中。")
    return Keyring(
        current=current,
        keys={kid: base64.urlsafe_b64decode(key) for kid, key in keys.items()},
        hash_key=base64.urlsafe_b64decode(mac),
    )


def _keys() -> tuple[bytes, bytes]:
    """The current encryption key and the hash key (bench/city.py calls this to make the dev keys exist)."""
    ring = keyring()
    return ring.keys[ring.current], ring.hash_key


def reset() -> None:
    """Forget the loaded keys, e.g. after the keyring changed under a running command or a test."""
    keyring.cache_clear()
    _cipher.cache_clear()
    _keyed.cache_clear()


@cache
def _cipher(kid: str) -> AESGCM:
    """One cipher object per key for the process: building it expands the key, a cost a 100,000-row import
    would otherwise pay for every row."""
    try:
        return AESGCM(keyring().keys[kid])
    except KeyError:
        raise ValueError(f"密文所用密钥 {kid!r} 不在密钥环中。") from None


def encrypt(plain: str) -> str:
    kid = keyring().current
    nonce = os.urandom(12)
    sealed = _cipher(kid).encrypt(nonce, plain.encode(), kid.encode())
    return f"{kid}:{base64.b64encode(nonce + sealed).decode()}"


def seal(plain: str) -> str:
    """The ciphertext of a value that may be empty: '' stays '' (there is nothing to hide, and a page can
    tell that nothing was given without opening it)."""
    return encrypt(plain) if plain else ""


def unseal(token: str) -> str:
    return decrypt(token) if token else ""


def key_id_of(token: str) -> str:
    kid, sep, _ = token.partition(":")
    return kid if sep else LEGACY


def decrypt(token: str) -> str:
    kid, sep, body = token.partition(":")
    if not sep:  # written before the keyring: no id, no associated data
        raw = base64.b64decode(token)
        return _cipher(LEGACY).decrypt(raw[:12], raw[12:], None).decode()
    raw = base64.b64decode(body)
    return _cipher(kid).decrypt(raw[:12], raw[12:], kid.encode()).decode()


def is_current(token: str) -> bool:
    return not token or key_id_of(token) == keyring().current


@cache
def _keyed() -> hmac.HMAC:
    """The HMAC keyed once; each value hashes a copy of it (half the cost of keying a new one per value)."""
    return hmac.new(keyring().hash_key, digestmod=hashlib.sha256)


def blind_index(plain: str) -> str:
    """Keyed hash of the normalized value: equal values match, the value cannot be recovered."""
    mac = _keyed().copy()
    mac.update(plain.strip().upper().encode())
    return mac.hexdigest()


def last4_index(plain: str) -> str:
    """Keyed hash of the last four characters, for finding a person by the digits staff read off a card.
    Its own prefix keeps it apart from the index of a whole value that happens to be four characters."""
    return blind_index("last4:" + plain.strip().upper()[-4:])


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


def mask_name_in_notice(plain: str) -> str:
    """王小明 → 王*明, 王明 → 王*, 欧阳小明 → 欧**明: a public notice (公示) names a household without naming it fully."""
    plain = plain.strip()
    if len(plain) <= 1:
        return plain
    if len(plain) == 2:
        return plain[0] + "*"
    return plain[0] + "*" * (len(plain) - 2) + plain[-1]


def mask_member_no(plain: str) -> str:
    """GH******0123: a member number finds a person in the roster, so lists of actions mask it like an ID."""
    if len(plain) <= 6:
        return "*" * len(plain)
    return plain[:2] + "*" * (len(plain) - 6) + plain[-4:]
