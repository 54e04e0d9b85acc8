"""Reads of skills contests, always through the scope rule.

A contest is seen (`competition.view`: skills contests share the labour competitions' capabilities) by who
reaches its organizer or the union of one of its entrants: a union sees the contests organized in its subtree
and those its members (or a unit below it) take part in, with their rankings; anybody else gets 404, as for a
missing one. The contest's steps and setup belong to who holds `competition.manage` over the organizer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from unionhall.contests.models import ContestStatus, Entrant, SkillsContest
from unionhall.core.errors import NotFound
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def _seen(user: Any, cap: Cap) -> Q:
    r = access.reach(user, cap)
    if not r.paths:
        return Q(pk__in=[])
    joined = Entrant.objects.filter(r.q("org__path")).values("contest_id")
    return r.q("org__path") | Q(pk__in=joined)


def contests_for(user: Any) -> QuerySet[SkillsContest]:
    return SkillsContest.objects.filter(_seen(user, Cap.COMPETITION_VIEW))


def contest_for_user_or_404(user: Any, pk: Any) -> SkillsContest:
    return access.get_seen_or_404(user, Cap.COMPETITION_VIEW, contests_for(user).select_related("org", "panel"), pk)


def organizes(user: Any, contest: SkillsContest) -> bool:
    return access.reach(user, Cap.COMPETITION_MANAGE).covers(contest.org.path)


def entrant_of_or_404(contest: SkillsContest, pk: Any) -> Entrant:
    try:
        return contest.entrants.select_related("person", "org", "contest__org", "contest__panel").get(pk=pk)
    except (Entrant.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def entrant_for_user_or_404(user: Any, pk: Any) -> Entrant:
    contest_id = (
        Entrant.objects.filter(pk=pk).values_list("contest_id", flat=True).first() if str(pk).isdigit() else None
    )
    if contest_id is None:
        raise NotFound()
    return entrant_of_or_404(contest_for_user_or_404(user, contest_id), pk)


def member_by_number(user: Any, number: str) -> Person | None:
    """The person of the open membership with this member number, in reach of `member.view` (out of reach
    answers like unknown)."""
    found = access.scope_queryset(
        user,
        Cap.MEMBER_VIEW,
        Membership.objects.filter(member_no=number.strip().upper(), status__in=OPEN_STATUSES).select_related("person"),
        "org",
    ).first()
    return found.person if found is not None else None


def waiting(user: Any) -> QuerySet[SkillsContest]:
    """The running contests this user organizes: scores to enter and judge, then the contest to close."""
    r = access.reach(user, Cap.COMPETITION_MANAGE)
    return SkillsContest.objects.filter(r.q("org__path"), status=ContestStatus.RUNNING)


def waiting_count(user: Any) -> int:
    if not access.has_cap_anywhere(user, Cap.COMPETITION_MANAGE):
        return 0
    return waiting(user).count()
