"""The drill-down trail every dashboard of the tree shares (coverage, assistance, rights, 十送): the viewed
unit's ancestors in the user's reach, each linked to the same dashboard at that unit, the filters carried
along. templates/includes/drill_breadcrumb.html draws it inside the console's breadcrumb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit


@dataclass(frozen=True, slots=True)
class Crumb:
    name: str
    url: str
    current: bool


def trail(user: Any, unit: OrgUnit, cap: Cap, route: str, query: str = "") -> list[Crumb]:
    """From the highest ancestor the user may see down to `unit`, each crumb opening `route` at that unit."""
    suffix = f"?{query}" if query else ""
    chain = access.ancestors_in_reach(user, unit, cap)
    return [Crumb(u.name, reverse(route, args=[u.pk]) + suffix, u.pk == unit.pk) for u in chain]
