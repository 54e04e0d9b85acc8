"""The audited doors of transfers across subtrees (see members/transfers.py): a union asks for a member
outside its reach, the sending union (or a federation above it) agrees or refuses, the asking union
withdraws. The worker's own confirmation is worker_portal.services.transfer_request_confirm."""

from __future__ import annotations

from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.normalize import clean_text
from unionhall.members import transfers
from unionhall.members.lifecycle import check_member_org, open_membership
from unionhall.members.models import Person, TransferRequest
from unionhall.members.services import PersonData, clean_person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgUnit

S = TransferRequest.Status


def transfer_request_create(
    *,
    actor: Actor,
    to_org: OrgUnit,
    person: PersonData,
    source: str = TransferRequest.Source.FORM,
    note: str = "",
    employer: Employer | None = None,
) -> TransferRequest:
    """申请接转: `to_org` asks for the person with this ID number. Refused when there is nothing to ask for
    (no open membership, already here, or in the actor's own reach, where a transfer is one step)."""
    with audited(actor=actor, action="transfer_request.create", org=to_org) as event:
        access.require(actor, Cap.MEMBER_EDIT, to_org)
        check_member_org(to_org)
        clean = clean_person(person)
        found = Person.objects.filter(id_number_hash=clean.digest).first()
        current = open_membership(found) if found is not None else None
        if current is None:
            raise Conflict("该职工目前没有在会的会籍，请直接办理入会。")
        if current.org_id == to_org.pk:
            raise Conflict("该职工已是本工会会员。")
        if transfers.in_reach(actor, current):
            raise Conflict("该会员在您的管辖范围内，请直接办理会员关系接转。")
        request = transfers.open_request(
            membership=current, to_org=to_org, actor=actor, source=source, note=note, employer=employer
        )
        event.target(request)
        event.changes = {"source": source, "to": to_org.code}
    return request


def transfer_request_approve(*, actor: Actor, request: TransferRequest) -> TransferRequest:
    """原工会同意: the sending union, or a federation above it, lets the member go."""
    with audited(actor=actor, action="transfer_request.approve", org=request.from_org, obj=request) as event:
        access.require(actor, Cap.MEMBER_EDIT, request.from_org, obj=request, seen_from=[request.to_org])
        return transfers.complete(request, actor=actor, status=S.APPROVED, event=event)


def transfer_request_reject(*, actor: Actor, request: TransferRequest, reason: str) -> TransferRequest:
    """原工会不同意, always with a reason the asking union reads."""
    with audited(actor=actor, action="transfer_request.reject", org=request.from_org, obj=request) as event:
        access.require(actor, Cap.MEMBER_EDIT, request.from_org, obj=request, seen_from=[request.to_org])
        reason = clean_text(reason)
        if not reason:
            raise ValidationError(field_errors={"reason": ["请填写不同意的原因，申请接转的工会将看到它。"]})
        if len(reason) > 200:
            raise ValidationError(field_errors={"reason": ["原因不超过 200 字。"]})
        request = transfers.locked(request)
        if not request.is_pending:
            raise Conflict(f"该接转申请{request.get_status_display()}，不能再办理。")
        transfers.decide(request, S.REJECTED, actor, reason)
        event.changes = {"status": [S.PENDING, S.REJECTED], "reason": reason}
    return request


def transfer_request_cancel(*, actor: Actor, request: TransferRequest) -> TransferRequest:
    """撤回: the asking union takes its request back."""
    with audited(actor=actor, action="transfer_request.cancel", org=request.to_org, obj=request) as event:
        access.require(actor, Cap.MEMBER_EDIT, request.to_org, obj=request, seen_from=[request.from_org])
        request = transfers.locked(request)
        if not request.is_pending:
            raise Conflict(f"该接转申请{request.get_status_display()}，不能撤回。")
        transfers.decide(request, S.CANCELLED, actor)
        event.changes = {"status": [S.PENDING, S.CANCELLED]}
    return request
