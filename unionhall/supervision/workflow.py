"""A supervised task's life (督办事项), declared as one table of the workflow kernel
(unionhall/workflow/kernel.py): task_progress, task_close, task_cancel and task_reopen (services.py) each
take one step through the kernel's runner and record one audit event "task.<step>". Opening a task is
`task_open`, which makes the row (no status to leave).

    open ──progress (a note)──▶ in_progress ──progress (a note; the status stays)
    open, in_progress ──close (办结, with evidence: a text and/or a file)──▶ done
    open, in_progress ──cancel (撤销, with a reason)──▶ cancelled
    done ──reopen (重新办理, with a reason; a new due date may be set)──▶ in_progress

Progress and closing belong to whoever answers for the task — its cadre, a liaison of its department — and
to the federations supervising the unit (`task.manage`); cancelling and reopening to the latter only. Each
step writes one TaskEvent, holding the note, the evidence or the reason, and the file sent with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import record_refusal
from unionhall.core.errors import PermissionDenied, ValidationError
from unionhall.documents import uploads
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.supervision import dates, selectors
from unionhall.supervision.models import SupervisedTask, TaskEvent, TaskFile, TaskStatus
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Rule, Transition

S = TaskStatus


def _manages(user: Any, task: SupervisedTask) -> bool:
    return access.reach(user, Cap.TASK_MANAGE).covers(task.org.path)


def _require_manager(actor: Actor, task: SupervisedTask) -> None:
    """The supervising federation's steps. A liaison sees its department's task but may not do this: 403."""
    if not _manages(actor, task) and selectors.answers_for(actor, task):
        record_refusal(
            actor=actor, action="access.task.manage", org=task.org, obj=task, reason="permission_denied: 无权办理"
        )
        raise PermissionDenied("只有督办单位可以撤销或重新办理督办事项。")
    access.require(actor, Cap.TASK_MANAGE, task.org, obj=task)


def _require_handler(actor: Actor, task: SupervisedTask) -> None:
    if not selectors.answers_for(actor, task):
        access.require(actor, Cap.TASK_MANAGE, task.org, obj=task)


MANAGER = Rule(require=_require_manager, permits=_manages)
HANDLER = Rule(
    require=_require_handler, permits=lambda user, task: selectors.answers_for(user, task) or _manages(user, task)
)


def _on_progress(task: SupervisedTask, ctx: Context) -> dict[str, Any]:
    kernel.required_text(
        ctx.params, "text", limit=2000, missing="请填写办理进展。", too_long="办理进展不超过 2000 字。"
    )
    return _attached(ctx)


def _has_evidence(task: SupervisedTask, ctx: Context) -> None:
    """A task is closed on evidence: what was done, written down, or a file that shows it (or both)."""
    text = (ctx.params.get("evidence") or "").strip()
    if not text and ctx.params.get("upload") is None:
        raise ValidationError(field_errors={"evidence": ["请填写办结情况或上传佐证材料。"]})
    if len(text) > 2000:
        raise ValidationError(field_errors={"evidence": ["办结情况不超过 2000 字。"]})


def _on_close(task: SupervisedTask, ctx: Context) -> dict[str, Any]:
    task.evidence = (ctx.params.get("evidence") or "").strip()
    task.closed_at = timezone.now()
    task.closed_by = user_of(ctx.actor)
    return {"late": ctx.today > task.due_on, **_attached(ctx)}


def _on_reopen(task: SupervisedTask, ctx: Context) -> dict[str, Any]:
    """Back to work; a new due date, when given, starts the reminder and the overdue notice afresh."""
    task.closed_at = None
    task.closed_by = None
    task.evidence = ""
    due: date | None = ctx.params.get("due_on")
    if due is None:
        return {}
    if due < ctx.today:
        raise ValidationError(field_errors={"due_on": ["新的办理期限不能早于今天。"]})
    old = task.due_on
    task.due_on, task.due_workdays = due, None
    task.remind_on = dates.remind_on(ctx.today, due)
    task.reminded_at = task.overdue_at = None
    return {"due_on": [old.isoformat(), due.isoformat()]}


def append_event(task: SupervisedTask, t: Transition, ctx: Context, from_status: str) -> TaskEvent:
    """The step's history line — the note, the evidence or the reason — and the file sent with it."""
    text = ctx.reason or (ctx.params.get("text") or ctx.params.get("evidence") or "").strip()
    event = TaskEvent.objects.create(
        task=task, step=t.name, from_status=from_status, to_status=task.status, text=text, **TaskEvent.by(ctx.actor)
    )
    upload = ctx.params.get("upload")
    if upload is not None:
        uploads.store(TaskFile(task=task, event=event), upload, uploaded_by=ctx.actor)
    return event


def _attached(ctx: Context) -> dict[str, Any]:
    """The audit's word on a file sent with the step (its name; the file itself is the TaskFile row)."""
    upload = ctx.params.get("upload")
    return {"file": str(getattr(upload, "name", ""))[:120]} if upload is not None else {}


def _history(task: SupervisedTask, t: Transition, ctx: Context, from_status: str) -> None:
    append_event(task, t, ctx, from_status)


_REFUSALS = {
    "progress": "督办事项已{status}，不能再记录进展。",
    "close": "督办事项已{status}，不能办结。",
    "cancel": "督办事项已{status}，不能撤销。",
    "reopen": "督办事项当前为「{status}」，只有已办结的事项可以重新办理。",
}


def _refusal(task: SupervisedTask, t: Transition) -> str:
    return _REFUSALS[t.name].format(status=task.get_status_display())


TABLE = kernel.register(
    kernel.Table(
        name="supervised_task",
        model=SupervisedTask,
        action_prefix="task",
        transitions=(
            kernel.step("progress", "记录进展", (S.OPEN, S.IN_PROGRESS), S.IN_PROGRESS, HANDLER, effect=_on_progress),
            kernel.step(
                "close", "办结", (S.OPEN, S.IN_PROGRESS), S.DONE, HANDLER, guard=_has_evidence, effect=_on_close
            ),
            kernel.step(
                "cancel",
                "撤销督办",
                (S.OPEN, S.IN_PROGRESS),
                S.CANCELLED,
                MANAGER,
                needs_reason=True,
                confirm="撤销后责任人不再收到提醒，事项不计入超期。",
            ),
            kernel.step("reopen", "重新办理", S.DONE, S.IN_PROGRESS, MANAGER, needs_reason=True, effect=_on_reopen),
        ),
        main_path=((S.OPEN, "交办"), (S.IN_PROGRESS, "办理中"), (S.DONE, "办结")),
        history=_history,
        history_of=lambda task: task.events.all(),
        # Only the task's own row: the department is an outer join, which PostgreSQL will not lock.
        lock=lambda task: (
            SupervisedTask.objects.select_for_update(of=("self",)).select_related("org", "department").get(pk=task.pk)
        ),
        refusal=_refusal,
        clean_reason=kernel.reason_up_to(500),
    )
)
