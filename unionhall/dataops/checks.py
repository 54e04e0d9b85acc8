"""A production start with a keyring that cannot be used fails the system checks, before the first request
tries to decrypt: a malformed UNIONHALL_PII_KEYS entry, a key that is not 32 bytes, or a current key id
that is not in the ring."""

from __future__ import annotations

import binascii
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags
from django.core.checks import register as register_check

from unionhall.core import pii


def production_keyring_is_usable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    pii.reset()
    try:
        ring = pii.keyring()
        bad = sorted(kid for kid, key in ring.keys.items() if len(key) != 32)
        if len(ring.hash_key) != 32:
            bad.append("UNIONHALL_PII_HASH_KEY")
    except (ValueError, RuntimeError, binascii.Error) as error:
        return [
            Error(
                f"个人信息密钥配置有误：{error}",
                hint="检查 UNIONHALL_PII_KEYS 与 UNIONHALL_PII_KEY_ID。",
                id="unionhall.E010",
            )
        ]
    if bad:
        return [Error(f"个人信息密钥长度须为 32 字节：{', '.join(bad)}", id="unionhall.E011")]
    return []


def register() -> None:
    register_check(production_keyring_is_usable, Tags.security)
