"""Reads of labour competitions, always through the scope rule.

A competition is seen (`competition.view`) by who reaches its organizer, one of its co-organizers or one of its
participants: a union sees the competitions organized in its subtree and those it (or a unit below it) takes
part in, with their rankings; anybody else gets 404, as for a missing one. Organizing steps belong to who holds
`competition.manage` over the organizer; entering results to who holds it over the participant.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from unionhall.competitions.models import Competition, CompetitionStatus, Participant, Result, ResultStatus
from unionhall.core.errors import NotFound
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def _seen(user: Any, cap: Cap) -> Q:
    r = access.reach(user, cap)
    if not r.paths:
        return Q(pk__in=[])
    co = Competition.co_organizers.through.objects.filter(r.q("orgunit__path")).values("competition_id")
    joined = Participant.objects.filter(r.q("org__path")).values("competition_id")
    return r.q("org__path") | Q(pk__in=co) | Q(pk__in=joined)


def competitions_for(user: Any) -> QuerySet[Competition]:
    return Competition.objects.filter(_seen(user, Cap.COMPETITION_VIEW))


def competition_for_user_or_404(user: Any, pk: Any) -> Competition:
    return access.get_seen_or_404(user, Cap.COMPETITION_VIEW, competitions_for(user).select_related("org"), pk)


def organizes(user: Any, competition: Competition) -> bool:
    return access.reach(user, Cap.COMPETITION_MANAGE).covers(competition.org.path)


def participants_entered_by(user: Any, competition: Competition) -> QuerySet[Participant]:
    """The participants whose results this user may enter (their unit in the user's `competition.manage`)."""
    r = access.reach(user, Cap.COMPETITION_MANAGE)
    return competition.participants.filter(r.q("org__path")).select_related("org")


def participant_of_or_404(competition: Competition, pk: Any) -> Participant:
    try:
        return competition.participants.select_related("org").get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def result_of_or_404(competition: Competition, pk: Any) -> Result:
    try:
        return Result.objects.select_related("competition__org", "participant__org", "indicator", "stage").get(
            pk=pk, competition=competition
        )
    except (Result.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def results_of(competition: Competition) -> QuerySet[Result]:
    return competition.results.select_related("participant__org", "indicator", "stage", "entered_by")


def waiting(user: Any) -> QuerySet[Result]:
    """Results waiting for this user's verification: entered, of running competitions they organize."""
    r = access.reach(user, Cap.COMPETITION_MANAGE)
    return Result.objects.filter(
        r.q("competition__org__path"), status=ResultStatus.ENTERED, competition__status=CompetitionStatus.RUNNING
    )


def waiting_count(user: Any) -> int:
    if not access.has_cap_anywhere(user, Cap.COMPETITION_MANAGE):
        return 0
    return waiting(user).count()
