"""Who is told about work waiting at a unit: the staff nearest to it who may do that work.

A module that opens work for a unit (a transfer request, an online application) asks here whom to notify,
so every module answers "who does this union's work" the same way.
"""

from __future__ import annotations

from typing import Any

from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Grant, OrgUnit, path_chain


def nearest_staff(org: OrgUnit, cap: Cap) -> list[Any]:
    """The active users holding `cap` at the nearest unit on the org's chain (itself first) where anybody
    does: a grassroots union's own staff, else the federation that answers for it."""
    roles = [role for role, caps in access.ROLE_CAPABILITIES.items() if cap in caps]
    grants = Grant.objects.filter(
        org__path__in=path_chain(org.path), role__in=roles, user__is_active=True
    ).select_related("user", "org")
    by_depth: dict[int, list[Any]] = {}
    for grant in grants:
        by_depth.setdefault(len(grant.org.path), []).append(grant.user)
    return by_depth[max(by_depth)] if by_depth else []
