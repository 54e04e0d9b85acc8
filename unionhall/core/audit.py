"""The write path's last step: every service runs inside `audited(...)`, which records one AuditEvent.

    with audited(actor=user, action="orgunit.create", org=parent) as event:
        unit = ...                       # validate and write
        event.target(unit)               # the object the action produced
        event.changes = {"name": ...}

On success the event is written in the same transaction as the change; on a DomainError the change is
rolled back and a failure event is written instead, outside that transaction, then the error goes on.
Personal data in `changes` and the object's label are masked on the way in (core/redact.py).
A service called inside another service writes no event of its own: one business action, one event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from unionhall.core import request_context
from unionhall.core.actors import Actor, user_of
from unionhall.core.errors import DomainError
from unionhall.core.models import AuditEvent
from unionhall.core.redact import redact_changes, redact_text

# An org is the tree's OrgUnit (orgs.models), named here without importing it, so that the
# ground floor imports no app.
OrgUnit = Any

# Set while a service runs inside `audited`: a refusal there becomes that service's one failure event.
_inside_service: ContextVar[bool] = ContextVar("inside_audited_service", default=False)


@dataclass
class PendingEvent:
    actor: Actor | str  # a str: who tried to sign in (a failed login has no account)
    action: str
    org: OrgUnit | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    changes: dict[str, Any] = field(default_factory=dict)

    def target(self, obj: models.Model, *, org: OrgUnit | None = None) -> None:
        self.object_type = obj._meta.label_lower
        self.object_id = str(obj.pk)
        # A model about a person says who it is only in masked form (see core.redact).
        label = obj.audit_label() if hasattr(obj, "audit_label") else str(obj)
        self.object_repr = redact_text(label)[:255]
        if org is not None:
            self.org = org


def record(event: PendingEvent, *, success: bool, reason: str = "") -> AuditEvent:
    actor = user_of(event.actor) if not isinstance(event.actor, str) else None
    actor_name = actor.get_username() if actor else (str(event.actor) if event.actor else "system")
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name[:150],
        org=event.org,
        org_path=event.org.path if event.org is not None else "",
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=redact_text(event.object_repr),
        changes=redact_changes(event.action, event.changes),
        client_address=request_context.client_address.get(),
        via=request_context.via.get(),
        success=success,
        reason=reason[:500],
    )


@contextmanager
def audited(
    *, actor: Actor, action: str, org: OrgUnit | None = None, obj: models.Model | None = None
) -> Iterator[PendingEvent]:
    event = PendingEvent(actor=actor, action=action, org=org)
    if obj is not None:
        event.target(obj)
    if _inside_service.get():
        # A service called by another service (approving an application joins a member) is part of that
        # one business action: the outer service records the single event, success or failure.
        with transaction.atomic():
            yield event
        return
    token = _inside_service.set(True)
    try:
        with transaction.atomic():
            yield event
            record(event, success=True)
    except DomainError as error:
        details = " ".join(m for messages in error.field_errors.values() for m in messages)
        record(event, success=False, reason=f"{error.code}: {error.message} {details}".strip())
        raise
    finally:
        _inside_service.reset(token)


def record_refusal(*, actor: Actor, action: str, org: OrgUnit | None, obj: models.Model | None, reason: str) -> None:
    """A refused authorization (out of scope, or a role that may not write) is an audit event too.

    Inside a service the service's own failure event records it, so nothing is written twice.
    """
    if _inside_service.get():
        return
    event = PendingEvent(actor=actor, action=action, org=org)
    if obj is not None:
        event.target(obj)
    record(event, success=False, reason=reason)


def changed_fields(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs; values made JSON-friendly."""
    diff: dict[str, list[Any]] = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if old != new:
            diff[name] = [_plain(old), _plain(new)]
    return diff


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
