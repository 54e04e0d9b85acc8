"""What the members module asks of and tells the tree: a unit with members is not dissolved; a merge takes them
along; the tree's counts include the members of a subtree."""

from __future__ import annotations

from unionhall.core.plugs import add_once
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs import services as org_services
from unionhall.orgs.models import OrgUnit


def members_block_dissolve(unit: OrgUnit) -> str | None:
    count = Membership.objects.filter(org=unit, status__in=OPEN_STATUSES).count()
    return f"还有 {count} 名会员，请先办理接转。" if count else None


def members_follow_merge(unit: OrgUnit, into: OrgUnit) -> None:
    Membership.objects.filter(org=unit, status__in=OPEN_STATUSES).update(org=into)


def members_in_subtree(unit: OrgUnit) -> int:
    return Membership.objects.filter(org__path__startswith=unit.path, status__in=OPEN_STATUSES).count()


def register() -> None:
    add_once(org_services.DISSOLVE_BLOCKERS, members_block_dissolve)
    add_once(org_services.MERGE_HOOKS, members_follow_merge)
    add_once(org_selectors.SUBTREE_MEMBER_COUNTERS, members_in_subtree)
