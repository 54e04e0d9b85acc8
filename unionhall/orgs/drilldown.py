"""The drill-down every dashboard of the tree shares (coverage, assistance, rights, 十送): where the
dashboard opens for a user, and the trail of the viewed unit's ancestors in the user's reach, each linked
to the same dashboard at that unit, the filters carried along. templates/includes/drill_breadcrumb.html
draws the trail inside the console's breadcrumb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from unionhall.core.errors import NotFound
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


def opening(user: Any, cap: Cap) -> tuple[OrgUnit | None, list[OrgUnit]]:
    """Where a dashboard opens: (the user's one top unit, []) or (None, the separate tops to choose among).
    Not found for a user without the capability anywhere: the dashboard does not exist for them."""
    if not access.has_cap_anywhere(user, cap):
        raise NotFound()
    roots = access.visible_roots(user, cap)
    return (roots[0], []) if len(roots) == 1 else (None, roots)
