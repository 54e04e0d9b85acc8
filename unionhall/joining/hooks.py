"""What online joining asks of the tree: pending applications keep a unit from being dissolved, and
follow it when it is merged."""

from __future__ import annotations

from unionhall.core.plugs import add_once
from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.orgs import services as org_services
from unionhall.orgs.models import OrgUnit


def applications_block_dissolve(unit: OrgUnit) -> str | None:
    count = JoinApplication.objects.filter(
        org=unit, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WAITING]
    ).count()
    return f"还有 {count} 份待审核的入会申请，请先办理。" if count else None


def applications_follow_merge(unit: OrgUnit, into: OrgUnit) -> None:
    pending = JoinApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
    pending.filter(org=unit).update(org=into)
    pending.filter(proposed_union=unit).update(proposed_union=into)


def register() -> None:
    from unionhall.joining.services import transfer_decided
    from unionhall.members import transfers

    add_once(transfers.DECIDED_HOOKS, transfer_decided)
    add_once(org_services.DISSOLVE_BLOCKERS, applications_block_dissolve)
    add_once(org_services.MERGE_HOOKS, applications_follow_merge)
