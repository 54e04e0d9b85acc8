"""An online application's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py):
join_application_approve, _reject and _withdraw each take one step through the kernel's runner and record
one audit event "join_application.<step>". An application keeps no history lines of its own: its dates,
decider and reason are on the row, and the audit trail holds the rest.

    submitted ──approve (批准)──▶ approved
        │  └──approve, the worker's union out of the approver's reach──▶ waiting ══▶ approved / rejected
        ├──reject (不予批准)──▶ rejected
        └──withdraw (撤回, by the worker)──▶ withdrawn

`waiting` ends with the decision of the transfer request the approval opened (services.transfer_decided,
inside the deciding service's transaction and its audit event), not by a step of this table.
Approval opens the membership through the members module's own services — member_join, or
member_transfer for a person who is a member elsewhere — inside the approval's transaction, so one
approval is one `join_application.approve` event naming the membership and member number it produced.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.core.actors import Actor, SystemActor, user_of
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.normalize import clean_text
from unionhall.joining import selectors
from unionhall.joining.models import ApplicationKind, ApplicationStatus, JoinApplication
from unionhall.members import transfers
from unionhall.members.lifecycle import open_membership
from unionhall.members.models import Membership, Person, TransferRequest
from unionhall.members.services import PersonData, member_join, member_transfer
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context, Rule, Transition

S = ApplicationStatus

# The actor of the public pages: a worker is nobody's user. The client address goes into the event.
PORTAL = SystemActor("网上入会")

VERBS: dict[str, str] = {"approve": "批准", "reject": "不予批准", "withdraw": "撤回"}


def actor_name(actor: Actor) -> str:
    return str(getattr(actor, "username", actor))[:150]


def _decided(app: JoinApplication, actor: Actor) -> None:
    app.decided_at = timezone.now()
    app.decided_by = user_of(actor)
    app.decided_by_name = actor_name(actor)


def _on_approve(app: JoinApplication, ctx: Context) -> dict[str, Any]:
    """批准: open the membership in `union` (default: the proposed one) — a join, or a transfer when the
    person is, by now, a member elsewhere; the approver may pick any union in their member.edit reach."""
    actor = ctx.actor
    target = ctx.params.get("union") or app.proposed_union
    if target is None:
        raise ValidationError(field_errors={"union": ["请选择接收该职工的基层工会。"]})
    if target.pk != app.org_id:
        access.require(actor, Cap.MEMBER_EDIT, target)
    if not selectors.can_hold_members(target):
        raise ValidationError(field_errors={"union": [f"「{target.name}」不直接接收会员，请选择基层工会或分工会。"]})
    # The facts at approval decide, not those at submission: the person may have joined or left since.
    person = Person.objects.filter(id_number_hash=app.id_number_hash).first()
    current = open_membership(person) if person is not None else None
    membership: Membership
    if current is not None:
        if current.org_id == target.pk:
            raise Conflict(f"该职工已是「{target.name}」的会员，无需批准；请不予批准并说明原因。")
        kind = ApplicationKind.TRANSFER
        if not transfers.in_reach(actor, current):
            # The worker's union lies outside this approver's reach: ask it, change nothing yet.
            request = transfers.open_request(
                membership=current,
                to_org=target,
                actor=actor,
                source=TransferRequest.Source.PORTAL,
                source_ref=app.code,
                employer=app.employer,
            )
            ctx.target = S.WAITING
            app.kind, app.org = kind, target
            ctx.event.target(app, org=target)
            return {"kind": kind, "union": target.code, "transfer_request": request.pk}
        from_org = current.org.code
        membership = member_transfer(
            actor=actor, membership=current, to_org=target, note=f"网上申请 {app.code}", employer=app.employer
        )
    else:
        from_org = None
        person_data = PersonData(name=app.name, id_number=app.reveal_id_number(), phone=app.phone)
        membership = member_join(actor=actor, org=target, person=person_data, employer=app.employer)
        kind = ApplicationKind.JOIN
    app.kind = kind
    app.membership = membership
    app.org = target  # from now on the application lies with the union that holds the member
    _decided(app, actor)
    ctx.event.target(app, org=target)
    return {
        "kind": kind,
        "union": target.code,
        "proposed_union": app.proposed_union.code if app.proposed_union is not None else None,
        "from_org": from_org,
        "membership": membership.pk,
        "member_no": membership.member_no,
    }


def _on_reject(app: JoinApplication, ctx: Context) -> dict[str, Any]:
    app.reason = ctx.reason
    _decided(app, ctx.actor)
    return {}


def _on_withdraw(app: JoinApplication, ctx: Context) -> dict[str, Any]:
    _decided(app, ctx.actor)
    return {}


def _reason(reason: str, t: Transition) -> str:
    """The reason of a refusal, which the worker will read on the status page."""
    if not t.needs_reason:
        return ""
    text = clean_text(reason)
    if not text:
        raise ValidationError(field_errors={"reason": ["请填写不予批准的原因，申请人将看到它。"]})
    if len(text) > 200:
        raise ValidationError(field_errors={"reason": ["原因不超过 200 字。"]})
    return text


def _refusal(app: JoinApplication, t: Transition) -> str:
    return f"该申请{app.get_status_display()}，不能再{VERBS[t.name]}。"


# The worker proves the application is theirs by its code and the ID's last four: the service finds it
# that way inside its audited block, so nothing is left to check here; no staff page offers the step.
APPLICANT = Rule(require=lambda actor, app: None, permits=lambda user, app: user is PORTAL)

_REJECT = "申请不予批准，申请人将看到不予批准的理由。"

TABLE = kernel.register(
    kernel.Table(
        name="join_application",
        model=JoinApplication,
        transitions=(
            kernel.step(
                "approve", "批准", S.SUBMITTED, S.APPROVED, Cap.MEMBER_EDIT, effect=_on_approve, also_to=S.WAITING
            ),
            kernel.step(
                "reject",
                "不予批准",
                S.SUBMITTED,
                S.REJECTED,
                Cap.MEMBER_EDIT,
                needs_reason=True,
                effect=_on_reject,
                confirm=_REJECT,
            ),
            kernel.step("withdraw", "撤回申请", S.SUBMITTED, S.WITHDRAWN, APPLICANT, effect=_on_withdraw),
        ),
        main_path=((S.SUBMITTED, "提交申请"), (S.WAITING, "等待原工会同意接转"), (S.APPROVED, "批准入会")),
        history=None,
        lock=lambda app: (
            JoinApplication.objects.select_for_update(of=("self",))
            .select_related("org", "proposed_union", "employer")
            .get(pk=app.pk)
        ),
        refusal=_refusal,
        clean_reason=_reason,
        reason_first=True,
    )
)
