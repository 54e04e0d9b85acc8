"""Text messages out, through a pluggable backend named by the setting SMS_BACKEND (a dotted path).

The default writes the message to the log: UnionHall calls no outside service at run time (PRODUCT.md §4),
so an installation plugs in its operator's gateway by naming a class with a `send(phone, text)` method.
`MemoryBackend` keeps messages in `outbox` for tests.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("unionhall.sms")

DEFAULT_BACKEND = "unionhall.notifications.sms.LogBackend"


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemoryBackend:
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryBackend.outbox.append((phone, text))


@cache
def _backend(path: str) -> SmsBackend:
    backend: SmsBackend = import_string(path)()
    return backend


def send(phone: str, text: str) -> None:
    _backend(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND)).send(phone, text)
