"""Messages beyond the page: text messages through the pluggable SMS backend (notifications/sms.py, setting SMS_BACKEND) and
e-mail through a pluggable backend named by NOTIFY_EMAIL_BACKEND. Both default to writing the log:
UnionHall calls no outside service at run time (PRODUCT.md §4); an installation names its own class with
`send(address, subject, text)`. `MemoryEmailBackend` keeps messages in `outbox` for tests."""

from __future__ import annotations

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from unionhall.notifications import sms

logger = logging.getLogger("unionhall.notifications")

DEFAULT_EMAIL_BACKEND = "unionhall.notifications.channels.LogEmailBackend"


class EmailBackend(Protocol):
    def send(self, address: str, subject: str, text: str) -> None: ...


class LogEmailBackend:
    def send(self, address: str, subject: str, text: str) -> None:
        logger.info("E-mail to %s: %s — %s", address, subject, text)


class MemoryEmailBackend:
    outbox: list[tuple[str, str, str]] = []

    def send(self, address: str, subject: str, text: str) -> None:
        MemoryEmailBackend.outbox.append((address, subject, text))


@cache
def _email_backend(path: str) -> EmailBackend:
    backend: EmailBackend = import_string(path)()
    return backend


def send_email(address: str, subject: str, text: str) -> None:
    _email_backend(getattr(settings, "NOTIFY_EMAIL_BACKEND", DEFAULT_EMAIL_BACKEND)).send(address, subject, text)


def send_sms(phone: str, text: str) -> None:
    sms.send(phone, text)
