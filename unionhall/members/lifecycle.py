"""A membership's moves and who answers for a person: the move that a transfer makes (the membership's own
steps are the workflow table in workflow.py), and the rule that only a person's own union overwrites their data
(PRODUCT.md §3.1). The audited services (services.py, transfer_services.py) call these inside their own
audited block; nothing here writes an audit event.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.errors import Conflict, ValidationError
from unionhall.members import workflow
from unionhall.members.models import OPEN_STATUSES, Membership, MembershipEvent, MembershipStatus, Person
from unionhall.members.tally import lock_tallies
from unionhall.members.workflow import actor_name
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgLevel, OrgStatus, OrgUnit

MEMBER_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.BRANCH)


def check_member_org(org: OrgUnit) -> None:
    if org.level not in MEMBER_LEVELS:
        raise ValidationError(field_errors={"org": ["会员须加入基层工会或分工会。"]})
    if org.status != OrgStatus.ACTIVE:
        raise ValidationError(field_errors={"org": ["该工会已合并或撤销。"]})


def open_membership(person: Person) -> Membership | None:
    return person.memberships.filter(status__in=OPEN_STATUSES).select_related("org").first()


def sees_membership(actor: Actor, membership: Membership) -> bool:
    """May the actor learn which union holds this membership?"""
    return access.reach(actor, Cap.MEMBER_VIEW).covers(membership.org.path)


def home_org(person: Person) -> OrgUnit | None:
    """The union that answers for a person's data: their open membership's, else their latest one's."""
    current = open_membership(person)
    if current is not None:
        return current.org
    last = person.memberships.select_related("org").order_by("-joined_on", "-id").first()
    return last.org if last is not None else None


def corrects_person(actor: Actor, person: Person) -> bool:
    """Only the person's own union (or a user whose reach covers it) overwrites their identity or contact
    fields; anyone else may only fill what is blank (PRODUCT.md §3.1)."""
    home = home_org(person)
    return home is not None and access.reach(actor, Cap.MEMBER_EDIT).covers(home.path)


def close_for_transfer(membership: Membership, *, on: date, reason: str) -> None:
    """The sending side of a transfer: an open membership (workflow.TRANSFER_FROM) becomes transferred."""
    if membership.status not in workflow.TRANSFER_FROM:
        raise Conflict(
            f"会籍状态为「{membership.get_status_display()}」，不能改为「{MembershipStatus.TRANSFERRED.label}」。"
        )
    membership.status = MembershipStatus.TRANSFERRED
    workflow.end_fields(membership, membership.status, on=on, reason=reason)
    membership.save(update_fields=["status", "ended_on", "end_reason"])


def move_membership(
    membership: Membership,
    to_org: OrgUnit,
    *,
    actor: Actor,
    on: date | None = None,
    note: str = "",
    employer: Employer | None = None,
) -> Membership:
    """Close a locked open membership and open one in `to_org`, keeping the member number: the write of a
    transfer, inside the caller's audited block, after the caller has checked who may move whom."""
    check_member_org(to_org)
    lock_tallies(membership.org_id, to_org.pk)  # before the two statements that change both counts
    day = on or timezone.localdate()
    from_org_id = membership.org_id
    close_for_transfer(membership, on=day, reason=f"转入{to_org.name}")
    new = Membership.objects.create(
        person_id=membership.person_id, org=to_org, employer=employer, member_no=membership.member_no, joined_on=day
    )
    MembershipEvent.objects.create(
        person_id=membership.person_id,
        membership=new,
        kind=MembershipEvent.Kind.TRANSFER,
        on=day,
        from_org_id=from_org_id,
        to_org=to_org,
        note=note,
        actor_name=actor_name(actor),
    )
    return new
