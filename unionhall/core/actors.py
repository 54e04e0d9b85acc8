"""Who acts: a user, or the system's own actor for commands and jobs (`SystemActor`). How a person is named on
a page is orgs/people.py (it needs their grants)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Actor(Protocol):
    """Whoever a service acts for: a signed-in user (accounts.User) or the system (`SystemActor`). Services
    read no more of an actor than this; what a user may do is asked of orgs.access with the actor."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    def get_username(self) -> str: ...


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


def user_of(actor: Actor | None) -> Any:
    """The user account behind an actor, for a `…_by` column: None when the system itself acts."""
    return actor if getattr(actor, "pk", None) else None
