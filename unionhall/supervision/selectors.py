"""Reads of supervised tasks and departments, always through the scope rule.

Who sees a task: whoever holds `task.view` over the unit it concerns (the federations above it, the union
itself, reviewers), its responsible cadre, and the liaisons of its responsible department. A liaison holds
nothing in the tree (Role.DEPARTMENT_LIAISON has no capability): its department is found through its own
`Liaison` row, so it sees that department's tasks and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from unionhall.core.errors import NotFound
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit, path_chain
from unionhall.supervision.models import Department, Liaison, SupervisedTask, TaskStatus
from unionhall.workcalendar import workdays

ACTIVE = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


def liaison_of(user: Any) -> Liaison | None:
    """The user's own liaison row, while both it and its department are active (read once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not hasattr(user, "_supervision_liaison"):
        user._supervision_liaison = (
            Liaison.objects.filter(user=user, active=True, department__active=True)
            .select_related("department__org")
            .first()
        )
    found: Liaison | None = user._supervision_liaison
    return found


def is_liaison(user: Any) -> bool:
    return liaison_of(user) is not None


def tasks_for(user: Any) -> QuerySet[SupervisedTask]:
    """Every task the user may see."""
    seen = access.reach(user, Cap.TASK_VIEW).q("org__path")
    if getattr(user, "pk", None):
        seen |= Q(responsible_user_id=user.pk)
    liaison = liaison_of(user)
    if liaison is not None:
        seen |= Q(department_id=liaison.department_id)
    return SupervisedTask.objects.filter(seen)


def task_for_user_or_404(user: Any, pk: Any) -> SupervisedTask:
    try:
        return tasks_for(user).select_related("org", "department", "responsible_user").get(pk=pk)
    except (SupervisedTask.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def answers_for(user: Any, task: SupervisedTask) -> bool:
    """Whether the user is the task's responsible party: its cadre, or a liaison of its department."""
    if getattr(user, "pk", None) and task.responsible_user_id == user.pk:
        return True
    liaison = liaison_of(user)
    return liaison is not None and task.department_id is not None and liaison.department_id == task.department_id


def tasks_from(kind: str, source: int | Iterable[int] | None) -> QuerySet[SupervisedTask]:
    """The tasks one row of a module opened, or several rows (a meeting's agenda asks for every earlier
    meeting's resolutions at once); its own services scope what they show."""
    if source is None or isinstance(source, int):
        return SupervisedTask.objects.filter(source_kind=kind, source_id=source)
    return SupervisedTask.objects.filter(source_kind=kind, source_id__in=list(source))


def active(qs: QuerySet[SupervisedTask]) -> QuerySet[SupervisedTask]:
    return qs.filter(status__in=ACTIVE)


def overdue(qs: QuerySet[SupervisedTask], today: date | None = None) -> QuerySet[SupervisedTask]:
    """Active tasks whose due date has passed (the due day itself still counts as in time)."""
    return active(qs).filter(due_on__lt=today or workdays.today())


def due_within(qs: QuerySet[SupervisedTask], days: int, today: date | None = None) -> QuerySet[SupervisedTask]:
    """Active tasks falling due from today to `days` calendar days ahead."""
    start = today or workdays.today()
    return active(qs).filter(due_on__gte=start, due_on__lte=start + timedelta(days=days))


def mine(user: Any, qs: QuerySet[SupervisedTask]) -> QuerySet[SupervisedTask]:
    """The tasks the user answers for: as their cadre, or as a liaison of their department."""
    condition = Q(responsible_user_id=user.pk)
    liaison = liaison_of(user)
    if liaison is not None:
        condition |= Q(department_id=liaison.department_id)
    return qs.filter(condition)


def responsible_people(task: SupervisedTask) -> list[Any]:
    """Whom a reminder goes to: the cadre, else the department's active liaison logins."""
    if task.responsible_user_id is not None:
        return [task.responsible_user]
    return [
        liaison.user
        for liaison in Liaison.objects.filter(department=task.department, active=True, user__isnull=False)
        .select_related("user")
        .order_by("id")
    ]


# --- departments -----------------------------------------------------------------------------------


def departments_for(user: Any) -> QuerySet[Department]:
    """The directory the user keeps or reads: departments of the federations in their reach."""
    return access.scope_queryset(user, Cap.TASK_VIEW, Department.objects.all(), "org")


def department_for_user_or_404(user: Any, pk: Any) -> Department:
    return access.get_for_user_or_404(user, Cap.TASK_VIEW, Department.objects.select_related("org"), pk, "org")


def departments_serving(org: OrgUnit) -> QuerySet[Department]:
    """The departments a task about `org` may be given to: the active ones of its own federation and of the
    federations above it (a district's task may go to the district's 人社局 or to the city's)."""
    return Department.objects.filter(org__path__in=path_chain(org.path), active=True).select_related("org")
