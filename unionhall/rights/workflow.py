"""The life of a case, declared as one table of the workflow kernel (unionhall/workflow/kernel.py): for each
step, from which statuses it starts, where it ends, whether it needs a reason, and whether a unit the case
is shared with (双向维权 协办) may take it or only the handling union (主办). The kernel's runner takes a step,
behind one service per step (services.case_accept, …); pages ask `available(user, case)` which buttons
to show.

    received ──accept──▶ in_progress ──start_mediation──▶ mediating
        │                    ▲   │                            │
        │                    │   └──────────close─────────────┼──▶ closed ──reopen──▶ in_progress
        │                    └─────────end_mediation──────────┘
        └──close / withdraw──▶ closed / withdrawn      (in_progress, mediating ──withdraw──▶ withdrawn)

Transfer, share, mediation records, legal-aid referral, notes and the worker's rating do not change the
status; they are services of their own (services.py) and history lines all the same.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.money import parse_optional_yuan
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.rights import risk_workflow, rules
from unionhall.rights.models import Case, CaseEvent, CaseStatus
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Rule, Transition

S = CaseStatus
RISK = risk_workflow.TABLE  # the risk report's life, registered with the kernel beside the case's
OPEN = frozenset({S.RECEIVED, S.IN_PROGRESS, S.MEDIATING})


def is_open(case: Case) -> bool:
    return case.status in OPEN


def check_open(case: Case, what: str) -> None:
    if not is_open(case):
        raise Conflict(f"案件已{case.get_status_display()}，不能{what}。")


OWNER_ONLY = "这一步由承办工会办理，协办工会可以录入进展、调解和法律援助情况。"


def shared_orgs(case: Case) -> list[Any]:
    """The units the case is shared with now (external partner contacts have no unit and no access)."""
    shares = case.shares.filter(revoked_at__isnull=True, org__isnull=False).select_related("org")
    return [s.org for s in shares if s.org is not None]


def require_owner(user: Any, case: Case) -> None:
    """The handling union (主办) only; a unit the case is shared with sees it, so it is told 403, not 404."""
    access.require(user, Cap.RIGHTS_HANDLE, case.org, obj=case, seen_from=shared_orgs(case), denied=OWNER_ONLY)


def require_owner_or_sharer(user: Any, case: Case) -> None:
    """The handling union or a unit the case is shared with (双向维权: both see and update it)."""
    access.require(user, Cap.RIGHTS_HANDLE, [case.org, *shared_orgs(case)], obj=case)


def require_step(user: Any, case: Case, transition: Transition) -> None:
    assert transition.rule is not None
    transition.rule.require(user, case)


def owns(user: Any, case: Case) -> bool:
    """Whether the user acts for the handling union (主办): RIGHTS_HANDLE over the case's own unit."""
    return access.reach(user, Cap.RIGHTS_HANDLE).covers(case.org.path)


def shares_in(user: Any, case: Case) -> bool:
    """Whether the user acts for a unit the case is shared with (协办)."""
    r = access.reach(user, Cap.RIGHTS_HANDLE)
    shares = case.shares.filter(revoked_at__isnull=True, org__isnull=False).select_related("org")
    return any(s.org is not None and r.covers(s.org.path) for s in shares)


def append_event(
    case: Case, kind: str, *, actor: Actor, note: str = "", from_status: str = "", to_status: str = "", org: Any = None
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note[:2000],
        org=org,
        **CaseEvent.by(actor),
    )


# --- the table ---------------------------------------------------------------------------------------

OWNER = Rule(require=require_owner, permits=owns)
OWNER_OR_SHARER = Rule(
    require=require_owner_or_sharer, permits=lambda user, case: owns(user, case) or shares_in(user, case)
)


def _on_accept(case: Case, ctx: Context) -> dict[str, Any]:
    """The one who accepts becomes the handler unless one was assigned."""
    if case.handler_id is None and getattr(ctx.actor, "pk", None):
        case.handler = user_of(ctx.actor)
        return {"handler": ctx.actor.pk}
    return {}


def _has_mediation(case: Case, ctx: Context) -> None:
    if not case.mediations.exists():
        raise Conflict("请先录入调解记录，再结束调解。")


def _on_close(case: Case, ctx: Context) -> dict[str, Any]:
    """The outcome (required) and the wages recovered (yuan as typed, or fen as int), checked together."""
    errors: dict[str, list[str]] = {}
    text = (ctx.params.get("outcome") or "").strip()
    if not text:
        errors["outcome"] = ["请填写办理结果。"]
    elif len(text) > 2000:
        errors["outcome"] = ["办理结果不超过 2000 字。"]
    fen = 0
    try:
        fen = parse_optional_yuan(ctx.params.get("wages_recovered", 0), field="wages_recovered")
    except ValidationError as e:
        errors |= e.field_errors
    if errors:
        raise ValidationError(field_errors=errors)
    case.outcome = text
    case.wages_recovered_fen = fen
    case.closed_at = timezone.now()
    return {"wages_recovered_fen": fen, "outcome": text[:200]}


def _on_withdraw(case: Case, ctx: Context) -> dict[str, Any]:
    case.closed_at = timezone.now()
    return {}


def _on_reopen(case: Case, ctx: Context) -> dict[str, Any]:
    """A new time limit counted from now; the earlier rating is kept in the history and cleared."""
    old = {"due_at": case.due_at.isoformat(), "satisfaction": case.satisfaction}
    rules.set_deadlines(case, timezone.now())
    case.closed_at = None
    case.satisfaction = None
    case.satisfaction_note = ""
    return {"before": old, "due_at": case.due_at.isoformat()}


def _reason(text: str | None) -> str:
    return (text or "").strip()


def _history(case: Case, transition: Transition, ctx: Context, from_status: str) -> None:
    append_event(
        case,
        transition.name,
        actor=ctx.actor,
        note=ctx.reason,
        from_status=from_status,
        to_status=case.status,
        org=case.org,
    )


_CONFIRM = {
    "withdraw": "撤回后案件关闭，不再办理。",
    "reopen": "已办结的案件重新打开，办理期限和统计随之改变。",
}
_STEPS = (
    kernel.step("accept", "受理并开始办理", S.RECEIVED, S.IN_PROGRESS, OWNER, effect=_on_accept),
    kernel.step("start_mediation", "进入调解", S.IN_PROGRESS, S.MEDIATING, OWNER_OR_SHARER),
    kernel.step(
        "end_mediation",
        "结束调解",
        S.MEDIATING,
        S.IN_PROGRESS,
        OWNER_OR_SHARER,
        needs_reason=True,
        guard=_has_mediation,
    ),
    kernel.step("close", "办结", OPEN, S.CLOSED, OWNER, effect=_on_close),
    kernel.step(
        "withdraw",
        "职工撤回",
        OPEN,
        S.WITHDRAWN,
        OWNER,
        needs_reason=True,
        effect=_on_withdraw,
        confirm=_CONFIRM["withdraw"],
    ),
    kernel.step(
        "reopen",
        "重新办理",
        S.CLOSED,
        S.IN_PROGRESS,
        OWNER,
        needs_reason=True,
        effect=_on_reopen,
        confirm=_CONFIRM["reopen"],
    ),
)

TABLE = kernel.register(
    kernel.Table(
        name="case",
        model=Case,
        transitions=_STEPS,
        main_path=((S.RECEIVED, "受理"), (S.IN_PROGRESS, "办理"), (S.MEDIATING, "调解"), (S.CLOSED, "办结")),
        history=_history,
        history_of=lambda case: case.events.all(),
        lock=kernel.lock_related(Case, "org"),
        refusal=kernel.refusal_naming("案件"),
        clean_reason=kernel.reason_up_to(300, normalize=_reason, too_long="理由不超过 300 字。"),
    )
)
TRANSITIONS: dict[str, Transition] = TABLE.steps


get = TABLE.get
check_state = TABLE.check_state


def available(user: Any, case: Case) -> list[Transition]:
    """What this user may do to this case now, by status and by being the handling or a sharing unit."""
    return kernel.available(case, user, TABLE)
