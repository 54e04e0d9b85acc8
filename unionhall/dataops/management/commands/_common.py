"""What the data officer's commands share: the actor, and a refusal printed as a command error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError

from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError


def run(name: str, call: Callable[[SystemActor], Any]) -> Any:
    try:
        return call(SystemActor(f"manage.py {name}"))
    except DomainError as error:
        details = " ".join(m for messages in error.field_errors.values() for m in messages)
        raise CommandError(f"{error.message} {details}".strip()) from error
