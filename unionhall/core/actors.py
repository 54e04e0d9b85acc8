"""The actor of commands and jobs: the system itself, named for the audit trail, with the whole tree in reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SystemActor:
    name: str
    pk = None
    is_authenticated = True
    is_active = True

    def __str__(self) -> str:
        return self.name

    def get_username(self) -> str:
        return self.name


def user_of(actor: Any) -> Any:
    """The user account behind an actor, for a `…_by` column: None when the system itself acts."""
    return actor if getattr(actor, "pk", None) else None
