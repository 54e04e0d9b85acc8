"""An organizing task's life (组建任务), declared as one table of the workflow kernel
(unionhall/workflow/kernel.py): organizing_task_close (services.py) takes the one step through the
kernel's runner and records one audit event "organizing_task.close".

    open ──close (建会结项, only once the union exists in the tree)──▶ closed

Tasks are opened by organizing_tasks_generate (no row before it); assigning a cadre changes no status.
A task keeps no history table: its closing union and date are on the row, the rest in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.core.actors import user_of
from unionhall.core.errors import Conflict, ValidationError
from unionhall.coverage import selectors
from unionhall.coverage.models import OrganizingTask, TaskKind, TaskStatus
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context

S = TaskStatus


def qualifies(task: OrganizingTask, union: OrgUnit) -> bool:
    if union.status != OrgStatus.ACTIVE:
        return False
    if task.kind == TaskKind.EMPLOYER:
        return task.employer is not None and task.employer.union_id == union.pk
    return selectors.village_unions(task.division_id or "").filter(pk=union.pk).exists()


def existing_union(task: OrganizingTask) -> OrgUnit | None:
    if task.kind == TaskKind.EMPLOYER:
        employer = task.employer
        union = employer.union if employer is not None else None
        return union if union is not None and union.status == OrgStatus.ACTIVE else None
    return selectors.village_unions(task.division_id or "").first()


def _union_exists(task: OrganizingTask, ctx: Context) -> None:
    """A task closes only when the union exists: the employer is covered by an active union, or an active
    village/community union sits in the village."""
    if existing_union(task) is not None:
        return
    if task.kind == TaskKind.EMPLOYER:
        raise Conflict(
            f"「{task.target_name}」尚无工会覆盖：请先在组织树中建立工会，并在用人单位登记中填写覆盖工会，再结项。"
        )
    raise Conflict(
        f"「{task.target_name}」尚无村（社区）工会：请先在组织树中建立所在区划为该村（社区）的基层工会，再结项。"
    )


def _on_close(task: OrganizingTask, ctx: Context) -> dict[str, Any]:
    """`union`, if given, must be the union the task produced."""
    found = existing_union(task)
    assert found is not None
    union = ctx.params.get("union")
    if union is not None:
        if not qualifies(task, union):
            raise ValidationError(field_errors={"union": [f"「{union.name}」不是为该任务新建的工会。"]})
        found = union
    task.closed_at = timezone.now()
    task.closed_by = user_of(ctx.actor)
    task.closing_union = found
    return {"union": found.code}


# A task's one step: closing it once the union it was opened for exists.
CLOSE = kernel.step("close", "建会结项", S.OPEN, S.CLOSED, Cap.COVERAGE_MANAGE, guard=_union_exists, effect=_on_close)

TABLE = kernel.register(
    kernel.Table(
        name="organizing_task",
        model=OrganizingTask,
        transitions=(CLOSE,),
        main_path=((S.OPEN, "组建中"), (S.CLOSED, "已建会结项")),
        history=None,
        lock=lambda task: (
            OrganizingTask.objects.select_for_update(of=("self",))
            .select_related("employer__union", "division")
            .get(pk=task.pk)
        ),
        refusal=lambda task, t: "该建会任务已经结项。",
    )
)
