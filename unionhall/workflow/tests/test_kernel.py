"""The kernel's own rules about declarations, checked without a database: each step says exactly one way
of deciding who may take it, a table declares a step once, a model has one life, and the runner refuses
an effect that sends a row where its step did not say it may go."""

from __future__ import annotations

import dataclasses

import pytest

from unionhall.assistance.models import FileStatus
from unionhall.core.errors import Conflict
from unionhall.orgs.access import Cap
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Rule, Table, Transition

NOBODY = Rule(require=lambda actor, obj: None, permits=lambda user, obj: False)


def test_a_step_needs_exactly_one_of_a_capability_and_a_rule() -> None:
    with pytest.raises(TypeError):
        Transition("go", "前进", frozenset({"a"}), "b")
    with pytest.raises(TypeError):
        Transition("go", "前进", frozenset({"a"}), "b", Cap.ORG_EDIT, rule=NOBODY)


def test_a_table_refuses_a_step_declared_twice() -> None:
    step = Transition("go", "前进", frozenset({"a"}), "b", Cap.ORG_EDIT)
    with pytest.raises(TypeError):
        Table(name="twice", model=object, transitions=(step, step), main_path=(), history=None)  # type: ignore[arg-type]


def test_an_unknown_step_is_refused_in_chinese() -> None:
    table = kernel.tables()["hardship_file"]
    with pytest.raises(Conflict, match="没有这个办理环节"):
        table.get("fly")


def test_a_model_has_one_life() -> None:
    archive = kernel.tables()["hardship_file"]
    with pytest.raises(TypeError):
        kernel.register(Table(name="another", model=archive.model, transitions=(), main_path=(), history=None))


@pytest.mark.django_db
def test_an_effect_may_not_send_a_row_where_its_step_did_not_declare(city: City) -> None:
    archive = kernel.tables()["hardship_file"]
    stray = Transition(
        "submit",
        "提交核查",
        frozenset({FileStatus.DRAFT}),
        FileStatus.SUBMITTED,
        Cap.ASSISTANCE_EDIT,
        effect=lambda file, ctx: setattr(ctx, "target", FileStatus.APPROVED) or {},
    )
    table = dataclasses.replace(archive, transitions=(stray,))
    file = hardship_file(city.u1, status=FileStatus.DRAFT)
    with pytest.raises(TypeError, match="also_to"):
        kernel.run(table, "submit", actor=city.users["chair_u1"], obj=file)
    file.refresh_from_db()
    assert file.status == FileStatus.DRAFT
