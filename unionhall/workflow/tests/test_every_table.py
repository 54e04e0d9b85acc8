"""Every step of every registered life, from every status: from a status the step starts from it moves
the row with exactly one audit event and one history line; from any other it is refused with a Chinese
message, one failure event, and the row unchanged. A table registered without a builder fails here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import models

from unionhall.core.errors import Conflict
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.workflow import builders
from unionhall.workflow import kernel

pytestmark = pytest.mark.django_db

TABLES = kernel.tables()
BUILDERS = builders()
CJK = re.compile(r"[\u4e00-\u9fff]")

ALLOWED = [(name, t.name, s) for name, table in TABLES.items() for t in table.transitions for s in sorted(t.sources)]
REFUSED = [
    (name, t.name, s)
    for name, table in TABLES.items()
    for t in table.transitions
    for s in sorted(table.states - t.sources)
]


def _ids(cases: list[tuple[str, str, str]]) -> list[str]:
    return [f"{table}.{step}-from-{status}" for table, step, status in cases]


def _row(obj: models.Model) -> dict[str, Any]:
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


def _history(table: kernel.Table, obj: Any) -> int | None:
    return table.history_of(obj).count() if table.history_of is not None else None


def test_every_table_has_a_builder_and_a_main_path_of_its_own_statuses() -> None:
    missing = sorted(set(TABLES) - set(BUILDERS))
    assert not missing, f"tables without a builder in <app>/tests/workflow_builders.py: {missing}"
    for table in TABLES.values():
        assert {s for s, _ in table.main_path} <= table.states, table.name
        for t in table.transitions:
            assert t.sources <= table.states and t.target in table.states, f"{table.name}.{t.name}"


def test_the_registry_knows_the_lives_of_the_platform() -> None:
    assert {
        "hardship_file",
        "case",
        "membership",
        "join_application",
        "disbursement",
        "card",
        "risk_report",
        "organizing_task",
    } <= set(TABLES)


@pytest.mark.parametrize(("table_name", "step", "status"), ALLOWED, ids=_ids(ALLOWED))
def test_a_step_from_an_allowed_status_moves_the_row_with_one_event_and_one_history_line(
    city: City, table_name: str, step: str, status: str
) -> None:
    table = TABLES[table_name]
    t = table.get(step)
    setup = BUILDERS[table_name](city, status, t)
    assert table.status_of(setup.obj) == status
    # A step the system takes (by_hand=False: a sweep, another module's decision) is never offered as a button.
    assert (t in kernel.available(setup.obj, setup.actor, table)) == t.by_hand
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    lines = _history(table, setup.obj)

    reason = setup.reason if t.needs_reason else ""
    kernel.run(table, step, actor=setup.actor, obj=setup.obj, reason=reason, **setup.params)

    events = list(AuditEvent.objects.filter(id__gt=last))
    assert [(e.action, e.success) for e in events] == [(table.action(t), True)]
    moved_to = table.status_of(type(setup.obj)._default_manager.get(pk=setup.obj.pk))
    assert moved_to == t.target or moved_to in t.also_to
    assert events[0].changes["status"] == [status, moved_to]
    if lines is not None:
        assert _history(table, setup.obj) == lines + 1


@pytest.mark.parametrize(("table_name", "step", "status"), REFUSED, ids=_ids(REFUSED))
def test_a_step_from_any_other_status_is_refused_in_chinese_once_and_changes_nothing(
    city: City, table_name: str, step: str, status: str
) -> None:
    table = TABLES[table_name]
    t = table.get(step)
    setup = BUILDERS[table_name](city, status, t)
    assert table.status_of(setup.obj) == status
    assert t not in kernel.available(setup.obj, setup.actor, table)
    before = _row(setup.obj)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    lines = _history(table, setup.obj)

    reason = setup.reason if t.needs_reason else ""
    with pytest.raises(Conflict) as refused:
        kernel.run(table, step, actor=setup.actor, obj=setup.obj, reason=reason, **setup.params)

    assert CJK.search(refused.value.message), refused.value.message
    events = list(AuditEvent.objects.filter(id__gt=last))
    assert [(e.action, e.success) for e in events] == [(table.action(t), False)]
    assert _row(setup.obj) == before
    assert _history(table, setup.obj) == lines
