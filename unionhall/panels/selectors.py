"""Reads of review panels, always through the scope rule.

A panel is seen by who holds `panel.view` over the unit that convened it (that unit, the federations above
it, reviewers) and by its own members (评委), who may hold nothing there: a city panel's expert from a
district. Every score is shown to who sees the panel through `panel.view`; a member sees their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from unionhall.core.errors import NotFound
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit, path_chain
from unionhall.panels.models import Panel, PanelMember, PanelStatus, PanelSubject, Score


def panels_for(user: Any) -> QuerySet[Panel]:
    seen = access.reach(user, Cap.PANEL_VIEW).q("org__path")
    if getattr(user, "is_authenticated", False):
        seen |= Q(members__user=user)
    return Panel.objects.filter(seen).distinct()


def panel_for_user_or_404(user: Any, pk: Any) -> Panel:
    try:
        return panels_for(user).select_related("org").get(pk=pk)
    except (Panel.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def oversees(user: Any, panel: Panel) -> bool:
    """Who sees every score of the panel: `panel.view` over its unit (the convener and above, reviewers)."""
    return access.reach(user, Cap.PANEL_VIEW).covers(panel.org.path)


def is_member(user: Any, panel: Panel) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and PanelMember.objects.filter(panel=panel, user_id=pk).exists()


def subject_for_user_or_404(user: Any, pk: Any) -> PanelSubject:
    """A subject of a panel the user sees."""
    try:
        return PanelSubject.objects.select_related("panel__org", "org").get(pk=pk, panel__in=panels_for(user))
    except (PanelSubject.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def own_union(user: Any, org: OrgUnit) -> bool:
    """The own-union rule: a reviewer belongs to a subject's union when one of their grants (any role: a
    chair, a cadre, a worker) is at that union or at a unit inside it. A federation cadre above the union is
    not of it: a district's experts score the district's enterprises on a city panel."""
    return any(g.org.path.startswith(org.path) for g in access.grants_of(user))


def to_score(user: Any) -> QuerySet[PanelSubject]:
    """The subjects of open panels the user sits on that they have not scored yet, leaving out those of
    their own union (which they may not score)."""
    if not getattr(user, "is_authenticated", False):
        return PanelSubject.objects.none()
    qs = PanelSubject.objects.filter(panel__status=PanelStatus.OPEN, panel__members__user=user).exclude(
        scores__reviewer=user
    )
    own = [g.org.path for g in access.grants_of(user)]
    for path in own:
        # the subject's union is at or above the grant's unit: the reviewer belongs to it
        qs = qs.exclude(org__path__in=path_chain(path))
    return qs.distinct()


def to_score_count(user: Any) -> int:
    return to_score(user).count()


def scores_of(subject: PanelSubject) -> QuerySet[Score]:
    return subject.scores.select_related("reviewer").order_by("total", "id")
