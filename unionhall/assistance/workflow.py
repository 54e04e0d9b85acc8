"""The life of a hardship archive (一户一档), declared as one table of the workflow kernel
(unionhall/workflow/kernel.py): for each step, from which statuses it starts, where it ends, which
capability it needs, whether it needs a reason, and which rule (guard) must hold first. The kernel's runner
takes a step, behind one service per step (`services.hardship_file_submit`, ... `hardship_file_resubmit`;
`run` takes a step by name); pages ask `available(user, file)` which buttons to show.

    draft ──submit──▶ submitted ──verify──▶ verified ──start_notice──▶ notice ──approve──▶ approved
      ▲                 │  │                  │                           │                 │ ▲ review (年审)
      └──send_back──────┘  └──reject──▶ rejected ◀──reject──────────────┘                 ▼ │
    returned ──resubmit──▶ submitted          exited ◀──exit (解困)── approved;   exited ──follow_up──▶ exited
                                              exited ──return (返困)──▶ returned

A guard raises Conflict with a Chinese message saying what is missing (no verification visit, notice not
over, an open objection); the runner turns that into the one failure audit event.
"""

from __future__ import annotations

from typing import Any

# The kernel finds each app's tables by importing `<app>.workflow`; the payment's table lives beside the
# archive in `disbursements/`, so this module registers it too.
from unionhall.assistance.disbursements import workflow as _payment_table  # noqa: F401
from unionhall.assistance.models import (
    AssistanceSettings,
    FileEvent,
    FileStatus,
    HardshipFile,
    HomeVisit,
    VisitKind,
)
from unionhall.core.actors import Actor
from unionhall.core.errors import Conflict
from unionhall.notices.window import notice_window, require_notice_over
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Transition

S = FileStatus


# --- guards ----------------------------------------------------------------------------------------


def _last_event_at(file: HardshipFile, names: tuple[str, ...]) -> Any:
    event = file.events.filter(transition__in=names).order_by("-id").first()
    return event.at if event is not None else None


def latest_visit(file: HardshipFile, kind: str, *, since_event: tuple[str, ...] = ()) -> HomeVisit | None:
    """The last visit of `kind` recorded after the last event named in `since_event` (if any)."""
    qs = file.visits.filter(kind=kind)
    if since_event:
        at = _last_event_at(file, since_event)
        if at is not None:
            qs = qs.filter(recorded_at__gte=at)
    return qs.order_by("-visited_on", "-id").first()


# The visit a step rests on, by kind: the steps that open its round (a visit recorded before them does not
# count), what to say when none was recorded since, and when the one recorded found the household otherwise.
_ROUNDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    VisitKind.VERIFICATION: (
        ("submit", "resubmit"),
        "请先录入提交后的入户核查记录，再确认核查。",
        "入户核查认定情况不属实，应作「不予通过」处理。",
    ),
    VisitKind.REVIEW: (
        ("approve", "review"),
        "请先录入本次年审的入户核查记录。",
        "年审核查认定困难情况已改变，请办理解困或重新认定。",
    ),
}


def _round_visit(file: HardshipFile, kind: str) -> HomeVisit | None:
    return latest_visit(file, kind, since_event=_ROUNDS[kind][0])


def _confirmed_visit(kind: str) -> kernel.Guard:
    def guard(file: HardshipFile, ctx: Context) -> None:
        _, missing, denied = _ROUNDS[kind]
        visit = _round_visit(file, kind)
        if visit is None:
            raise Conflict(missing)
        if not visit.confirmed:
            raise Conflict(denied)

    return guard


def _notice_over(file: HardshipFile, ctx: Context) -> None:
    require_notice_over(ends_on=file.notice_ends_on, today=ctx.today, objections=file.objections.all(), then="审批建档")


def _follow_up_visit(file: HardshipFile, ctx: Context) -> None:
    if _follow_up(file) is None:
        raise Conflict("请先录入解困后的回访记录。")


def _follow_up(file: HardshipFile) -> HomeVisit | None:
    qs = file.visits.filter(kind=VisitKind.FOLLOW_UP)
    if file.exited_on is not None:
        qs = qs.filter(visited_on__gte=file.exited_on)
    return qs.order_by("-visited_on", "-id").first()


_verification_visit = _confirmed_visit(VisitKind.VERIFICATION)
_review_visit = _confirmed_visit(VisitKind.REVIEW)


# --- effects ---------------------------------------------------------------------------------------


def _on_verify(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    visit = _round_visit(file, VisitKind.VERIFICATION)
    assert visit is not None
    file.verified_on = visit.visited_on
    return {"verified_on": str(file.verified_on), "visit": visit.pk}


def _on_notice(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    window = notice_window(ctx.today, ctx.settings.notice_days)  # calendar days
    file.notice_starts_on, file.notice_ends_on = window.starts_on, window.ends_on
    return window.as_changes()


def _on_approve(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    file.approved_on = ctx.today
    return {"approved_on": str(ctx.today)}


def _on_review(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    visit = _round_visit(file, VisitKind.REVIEW)
    assert visit is not None
    old = file.verified_on
    file.verified_on = visit.visited_on
    return {"verified_on": [str(old) if old else None, str(file.verified_on)], "visit": visit.pk}


def _on_exit(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    file.exited_on = ctx.today
    file.exit_reason = ctx.reason
    file.followed_up_on = None
    return {"exited_on": str(ctx.today)}


def _on_follow_up(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    visit = _follow_up(file)
    assert visit is not None
    file.followed_up_on = visit.visited_on
    return {"followed_up_on": str(visit.visited_on), "visit": visit.pk}


def _on_reopen(file: HardshipFile, ctx: Context) -> dict[str, Any]:
    """Back to the start of the procedure: the notice and approval of the earlier round no longer hold."""
    file.notice_starts_on = None
    file.notice_ends_on = None
    return {}


V = Cap.ASSISTANCE_VERIFY
E = Cap.ASSISTANCE_EDIT
IN_REVIEW = (S.SUBMITTED, S.VERIFIED, S.NOTICE)  # from submission until the archive is approved
# What the confirmation dialog of each dangerous step says.
_CONFIRM = {
    "send_back": "档案退回草稿，由建档工会修改后重新提交。",
    "reject": "档案不予通过，不能再申请救助。",
    "exit": "困难职工退出帮扶，不再申请救助和发卡。",
    "return": "已脱困的职工重新列为困难职工，须重新核查。",
}
_STEPS = (
    kernel.step("submit", "提交核查", S.DRAFT, S.SUBMITTED, E),
    kernel.step("send_back", "退回修改", S.SUBMITTED, S.DRAFT, V, needs_reason=True, confirm=_CONFIRM["send_back"]),
    kernel.step("verify", "确认入户核查", S.SUBMITTED, S.VERIFIED, V, guard=_verification_visit, effect=_on_verify),
    kernel.step("reject", "不予通过", IN_REVIEW, S.REJECTED, V, needs_reason=True, confirm=_CONFIRM["reject"]),
    kernel.step("start_notice", "开始公示", S.VERIFIED, S.NOTICE, V, effect=_on_notice),
    kernel.step("approve", "公示期满，审批建档", S.NOTICE, S.APPROVED, V, guard=_notice_over, effect=_on_approve),
    kernel.step("review", "年审通过", S.APPROVED, S.APPROVED, V, guard=_review_visit, effect=_on_review),
    kernel.step(
        "exit", "解困脱困", S.APPROVED, S.EXITED, V, needs_reason=True, effect=_on_exit, confirm=_CONFIRM["exit"]
    ),
    kernel.step("follow_up", "登记回访完成", S.EXITED, S.EXITED, E, guard=_follow_up_visit, effect=_on_follow_up),
    kernel.step(
        "return", "返困", S.EXITED, S.RETURNED, E, needs_reason=True, effect=_on_reopen, confirm=_CONFIRM["return"]
    ),
    kernel.step("resubmit", "重新提交核查", S.RETURNED, S.SUBMITTED, E),
)


def append_event(file: HardshipFile, transition: Transition, *, from_status: str, note: str, actor: Actor) -> FileEvent:
    return FileEvent.objects.create(
        file=file,
        transition=transition.name,
        from_status=from_status,
        to_status=transition.target,
        note=note[:500],
        **FileEvent.by(actor),
    )


def _history(file: HardshipFile, transition: Transition, ctx: Context, from_status: str) -> None:
    append_event(file, transition, from_status=from_status, note=ctx.reason, actor=ctx.actor)


TABLE = kernel.register(
    kernel.Table(
        name="hardship_file",
        model=HardshipFile,
        transitions=_STEPS,
        main_path=(
            (S.DRAFT, "填报"),
            (S.SUBMITTED, "提交核查"),
            (S.VERIFIED, "入户核查"),
            (S.NOTICE, "公示"),
            (S.APPROVED, "审批建档"),
            (S.EXITED, "解困脱困"),
        ),
        history=_history,
        history_of=lambda file: file.events.all(),
        lock=kernel.lock_related(HardshipFile, "org"),
        refusal=kernel.refusal_naming("档案"),
        clean_reason=kernel.reason_up_to(300),
        settings=AssistanceSettings.current,
    )
)
TRANSITIONS: dict[str, Transition] = TABLE.steps

# Statuses in which the grassroots union may still change what the archive says.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


get = TABLE.get
check_state = TABLE.check_state


def available(user: Any, file: HardshipFile) -> list[Transition]:
    """What this user may do to this archive now, by status and role (guards are checked when done)."""
    return kernel.available(file, user, TABLE)


def run(actor: Actor, file: HardshipFile, name: str, reason: str = "") -> HardshipFile:
    """Take step `name` (for pages and tests that hold the step's name): the same run, audit action and
    refusals as the step's own service; a step that needs no reason is taken without one."""
    transition = TABLE.get(name)
    return kernel.run(TABLE, name, actor=actor, obj=file, reason=reason if transition.needs_reason else "")
