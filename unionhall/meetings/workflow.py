"""A joint meeting's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py):
meeting_hold and meeting_cancel (services.py) each take one step through the kernel's runner and record one
audit event "meeting.<step>". Registering the meeting is `meeting_create`, which makes the row.

    planned ──hold (召开: the agenda read from the data is frozen as rows)──▶ held
    planned ──cancel (取消, with a reason)──▶ cancelled

Both steps belong to who supervises tasks at the host federation (`task.manage`). The kernel's audit event is
the meeting's history: a meeting has two steps and no notes of its own.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.meetings import agenda
from unionhall.meetings.models import Meeting, MeetingStatus
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context

S = MeetingStatus


def _on_hold(meeting: Meeting, ctx: Context) -> dict[str, Any]:
    meeting.held_at = timezone.now()
    return {"agenda_items": agenda.freeze(meeting)}


def _on_cancel(meeting: Meeting, ctx: Context) -> dict[str, Any]:
    meeting.cancel_reason = ctx.reason
    return {}


TABLE = kernel.register(
    kernel.Table(
        name="meeting",
        model=Meeting,
        transitions=(
            kernel.step("hold", "登记召开", S.PLANNED, S.HELD, Cap.TASK_MANAGE, effect=_on_hold),
            kernel.step(
                "cancel",
                "取消会议",
                S.PLANNED,
                S.CANCELLED,
                Cap.TASK_MANAGE,
                needs_reason=True,
                effect=_on_cancel,
                confirm="取消后会议不再召开，议题不再更新。",
            ),
        ),
        main_path=((S.PLANNED, "筹备"), (S.HELD, "召开")),
        history=None,
        refusal=kernel.refusal_naming("会议"),
        clean_reason=kernel.reason_up_to(500),
    )
)
