"""The life of a case as data. TRANSITIONS says, for each step, from which statuses it starts, where it
ends, whether it needs a reason, and whether a unit the case is shared with (双向维权 协办) may take it or
only the handling union (主办). `services._transition` is the one door that runs a step, behind one service
per step; pages ask `available(user, case)` which buttons to show.

    received ──accept──▶ in_progress ──start_mediation──▶ mediating
        │                    ▲   │                            │
        │                    │   └──────────close─────────────┼──▶ closed ──reopen──▶ in_progress
        │                    └─────────end_mediation──────────┘
        └──close / withdraw──▶ closed / withdrawn      (in_progress, mediating ──withdraw──▶ withdrawn)

Transfer, share, mediation records, legal-aid referral, notes and the worker's rating do not change the
status; they are services of their own (services.py) and history lines all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unionhall.core.actors import user_of
from unionhall.core.errors import Conflict
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.rights.models import Case, CaseEvent, CaseStatus

S = CaseStatus
OPEN = frozenset({S.RECEIVED, S.IN_PROGRESS, S.MEDIATING})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset[str]
    target: str
    needs_reason: bool = False
    shared_may: bool = False  # a unit the case is shared with may take this step too
    danger: bool = False  # shown as a secondary button

    @property
    def action(self) -> str:
        return f"case.{self.name}"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", "受理并开始办理", frozenset({S.RECEIVED}), S.IN_PROGRESS),
        Transition("start_mediation", "进入调解", frozenset({S.IN_PROGRESS}), S.MEDIATING, shared_may=True),
        Transition("end_mediation", "结束调解", frozenset({S.MEDIATING}), S.IN_PROGRESS, True, shared_may=True),
        Transition("close", "办结", OPEN, S.CLOSED),
        Transition("withdraw", "职工撤回", OPEN, S.WITHDRAWN, True, danger=True),
        Transition("reopen", "重新办理", frozenset({S.CLOSED}), S.IN_PROGRESS, True, danger=True),
    )
}


def get(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise Conflict("没有这个办理环节。") from None


def check_state(case: Case, transition: Transition) -> None:
    if case.status not in transition.sources:
        raise Conflict(f"案件当前状态为「{case.get_status_display()}」，不能办理「{transition.label}」。")


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
    if transition.shared_may:
        require_owner_or_sharer(user, case)
    else:
        require_owner(user, case)


def owns(user: Any, case: Case) -> bool:
    """Whether the user acts for the handling union (主办): RIGHTS_HANDLE over the case's own unit."""
    return access.reach(user, Cap.RIGHTS_HANDLE).covers(case.org.path)


def shares_in(user: Any, case: Case) -> bool:
    """Whether the user acts for a unit the case is shared with (协办)."""
    r = access.reach(user, Cap.RIGHTS_HANDLE)
    shares = case.shares.filter(revoked_at__isnull=True, org__isnull=False).select_related("org")
    return any(s.org is not None and r.covers(s.org.path) for s in shares)


def available(user: Any, case: Case) -> list[Transition]:
    """What this user may do to this case now, by status and by being the handling or a sharing unit."""
    owner = owns(user, case)
    sharer = owner or shares_in(user, case)
    return [t for t in TRANSITIONS.values() if case.status in t.sources and (owner or (t.shared_may and sharer))]


def append_event(
    case: Case, kind: str, *, actor: Any, note: str = "", from_status: str = "", to_status: str = "", org: Any = None
) -> CaseEvent:
    name = actor.get_username() if hasattr(actor, "get_username") else str(actor)
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note[:2000],
        org=org,
        actor=user_of(actor),
        actor_name=name[:150],
    )
