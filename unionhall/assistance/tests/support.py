"""Helpers of the archive tests: a visit on file, an objection, the audit events of an action, a valid ID."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from unionhall.assistance.models import HardshipFile, HomeVisit, NoticeObjection
from unionhall.core.models import AuditEvent
from unionhall.tests.factories import valid_id

_ids = itertools.count(1)


def new_id() -> str:
    """A valid resident ID number no other test helper hands out."""
    return valid_id(f"32050819850203{next(_ids) + 500:03d}"[:17])


def visit(file: HardshipFile, kind: str, *, on: date | None = None, confirmed: bool = True) -> HomeVisit:
    return HomeVisit.objects.create(
        file=file,
        kind=kind,
        visited_on=on or timezone.localdate(),
        visitors="张干事、李干事",
        findings="家中情况与申请一致。",
        confirmed=confirmed,
    )


def objection(file: HardshipFile, *, upheld: bool | None = None, resolved: bool = False) -> NoticeObjection:
    return NoticeObjection.objects.create(
        file=file,
        received_on=timezone.localdate(),
        content="邻居反映其家庭另有经营收入。",
        upheld=upheld,
        resolution="经核实。" if resolved else "",
        resolved_on=timezone.localdate() if resolved else None,
    )


def events(action: str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))


def one_event(action: str, *, success: bool) -> AuditEvent:
    found = events(action)
    assert len(found) == 1, f"{action}: {len(found)} events"
    assert found[0].success is success
    return found[0]
