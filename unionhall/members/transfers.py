"""Transfers across subtrees (PRODUCT.md §3.1): a union may bring in a member whose open membership lies
outside its reach only by asking. The request changes nothing of the person; the sending union (or a
federation above both) approves it, or the worker confirms it on /me/ (worker_portal.services), and only then
does the membership move, in one step. Within one user's reach a transfer stays one step
(services.member_transfer).

The receiving union learns nothing it did not type: the request names no union outside its reach.

This module holds the steps the audited services share (transfer_services here, worker_portal.services for the
worker's confirmation, roster_commit and the online application for requests made on the way); each runs
inside its caller's audited block and writes no event of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import PendingEvent
from unionhall.core.errors import Conflict
from unionhall.core.normalize import clean_text
from unionhall.members.lifecycle import actor_name, move_membership
from unionhall.members.models import OPEN_STATUSES, Membership, TransferRequest
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgUnit

S = TransferRequest.Status

# Called with a request once it is decided (moved, refused, withdrawn or lapsed), inside the deciding
# transaction: a module that made the request on someone's behalf (an online application) ends its own
# record with it, without this module knowing that module (joining/hooks.py registers).
DECIDED_HOOKS: list[Callable[[TransferRequest], None]] = []


def in_reach(actor: Actor, membership: Membership) -> bool:
    """May this actor move the membership out of its union in one step?"""
    return access.reach(actor, Cap.MEMBER_EDIT).covers(membership.org.path)


def senders_of(org: OrgUnit) -> list[Any]:
    """Who is asked to agree: the nearest unit on the sending union's chain (itself first) with member staff."""
    from unionhall.notifications.recipients import nearest_staff

    return nearest_staff(org, Cap.MEMBER_EDIT)


def _notify_senders(request: TransferRequest) -> None:
    from django.urls import reverse

    from unionhall.notifications.services import notify

    notify(
        senders_of(request.from_org),
        kind="members.transfer_requested",
        title=f"会员关系接转申请：{request.to_org.name}申请接收贵会会员",
        body="请核实后同意或不同意；职工本人也可在职工端确认。",
        url=reverse("members:transfer_request", kwargs={"pk": request.pk}),
    )


def open_request(
    *,
    membership: Membership,
    to_org: OrgUnit,
    actor: Actor,
    source: str,
    source_ref: str = "",
    note: str = "",
    employer: Employer | None = None,
) -> TransferRequest:
    """The row of a new pending request, inside the caller's audited block (a form, an import, an application).
    A pending request of this union for this person is returned as it is."""
    found = TransferRequest.objects.filter(person_id=membership.person_id, to_org=to_org, status=S.PENDING).first()
    if found is not None:
        return found
    request = TransferRequest(
        person_id=membership.person_id,
        from_membership=membership,
        from_org_id=membership.org_id,
        to_org=to_org,
        employer=employer,
        source=source,
        source_ref=source_ref[:200],
        note=clean_text(note)[:200],
        requested_by=user_of(actor),
        requested_by_name=actor_name(actor),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # the same union asked at the same moment
        return TransferRequest.objects.get(person_id=membership.person_id, to_org=to_org, status=S.PENDING)
    _notify_senders(request)
    return request


def locked(request: TransferRequest) -> TransferRequest:
    return (
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("from_org", "to_org", "from_membership")
        .get(pk=request.pk)
    )


def decide(request: TransferRequest, status: str, actor: Actor, reason: str = "") -> None:
    request.status = status
    request.reason = reason
    request.decided_at = timezone.now()
    request.decided_by = user_of(actor)
    request.decided_by_name = actor_name(actor)
    request.save(update_fields=["status", "reason", "decided_at", "decided_by", "decided_by_name", "membership"])
    for hook in DECIDED_HOOKS:
        hook(request)


def complete(request: TransferRequest, *, actor: Actor, status: str, event: PendingEvent) -> TransferRequest:
    """Move the membership as asked (the sending union agreed, or the worker confirmed), inside the caller's
    audited block. A membership that changed meanwhile lapses the request instead of moving anyone."""
    request = locked(request)
    if not request.is_pending:
        raise Conflict(f"该接转申请{request.get_status_display()}，不能再办理。")
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=request.from_membership_id)
    event.target(request, org=request.to_org)
    if membership.status not in OPEN_STATUSES or membership.org_id != request.from_org_id:
        decide(request, S.LAPSED, actor, reason="职工的会籍已变化")
        event.changes = {"status": [S.PENDING, S.LAPSED]}
        return request
    new = move_membership(
        membership,
        request.to_org,
        note=f"接转申请 #{request.pk}",
        employer=request.employer,
        actor=actor,
    )
    request.membership = new
    decide(request, status, actor)
    event.changes = {"status": [S.PENDING, status], "membership": new.pk}
    return request
