"""Reads of joint meetings and their resolutions, always through the scope rule.

A meeting is seen by who holds `task.view` over its host federation (the host and the federations above it,
reviewers); it concerns no grassroots union. A resolution is seen with its meeting, and by the liaisons of
its responsible department, who see nothing else of the meeting (supervision.selectors.liaison_of).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet

from unionhall.core.errors import NotFound
from unionhall.meetings.models import Meeting, MeetingStatus, MinutesFile, Resolution
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.supervision import selectors as tasks
from unionhall.workcalendar import workdays


def meetings_for(user: Any) -> QuerySet[Meeting]:
    return access.scope_queryset(user, Cap.TASK_VIEW, Meeting.objects.all(), "org")


def meeting_for_user_or_404(user: Any, pk: Any) -> Meeting:
    return access.get_for_user_or_404(user, Cap.TASK_VIEW, Meeting.objects.select_related("org"), pk, "org")


def upcoming(qs: QuerySet[Meeting], days: int = 7) -> QuerySet[Meeting]:
    """Planned meetings from today to `days` calendar days ahead."""
    today = workdays.today()
    return qs.filter(status=MeetingStatus.PLANNED, date__gte=today, date__lte=today + timedelta(days=days))


def resolutions_for(user: Any) -> QuerySet[Resolution]:
    seen = access.reach(user, Cap.TASK_VIEW).q("meeting__org__path")
    liaison = tasks.liaison_of(user)
    if liaison is not None:
        seen |= Q(department_id=liaison.department_id)
    return Resolution.objects.filter(seen)


def resolution_for_user_or_404(user: Any, pk: Any) -> Resolution:
    try:
        return resolutions_for(user).select_related("meeting__org", "department__org", "task").get(pk=pk)
    except (Resolution.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def minutes_file_for_user_or_404(user: Any, meeting: Meeting, pk: Any) -> MinutesFile:
    try:
        return MinutesFile.objects.select_related("meeting__org").get(pk=pk, meeting=meeting)
    except (MinutesFile.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
