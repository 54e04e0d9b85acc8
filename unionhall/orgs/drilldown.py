"""The drill-down every dashboard of the tree shares (coverage, assistance, rights, 十送): where the
dashboard opens for a user, and the trail of the viewed unit's ancestors in the user's reach, each linked
to the same dashboard at that unit, the filters carried along. templates/includes/drill_breadcrumb.html
draws the trail inside the console's breadcrumb. `views` makes a dashboard's two entries (at the user's top
unit, at a chosen unit) from the page it draws, since they differ only in that page and the capability.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

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


Page = Callable[[HttpRequest, OrgUnit], HttpResponse]
Choice = Callable[[HttpRequest, list[OrgUnit]], HttpResponse]


def views(cap: Cap, page: Page, choose: Choice) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """A dashboard's views: the opening one (`page` at the user's one top unit, else `choose` among the
    separate tops) and the one at a unit in reach (404 otherwise)."""

    @require_GET
    @login_required
    def opened(request: HttpRequest) -> HttpResponse:
        top, roots = opening(request.user, cap)
        return page(request, top) if top is not None else choose(request, roots)

    @require_GET
    @login_required
    def at_unit(request: HttpRequest, pk: int) -> HttpResponse:
        return page(request, access.org_for_user_or_404(request.user, pk, cap))

    return opened, at_unit
