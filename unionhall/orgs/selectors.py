"""Reads of the organization tree, always scoped through access.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from unionhall.core.audit import PendingEvent
from unionhall.core.errors import Conflict, NotFound
from unionhall.core.filters import given
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import FEDERATION_LEVELS, Employer, OrgLevel, OrgStatus, OrgUnit, path_chain


def upper_federation(org: OrgUnit) -> OrgUnit:
    """The nearest active federation above the unit (a branch's union is no federation); the root has nobody
    above it and answers for itself. Who acknowledges a risk report and receives an overdue case (rights) and
    who reviews an innovation studio."""
    above = path_chain(org.path)[:-1]
    units = {
        u.path: u for u in OrgUnit.objects.filter(path__in=above, level__in=FEDERATION_LEVELS, status=OrgStatus.ACTIVE)
    }
    for path in reversed(above):
        if path in units:
            return units[path]
    return org


def city_root_or_none() -> OrgUnit | None:
    """The root of the tree, the city federation; None until `create_city` has planted it."""
    return OrgUnit.objects.filter(depth=1).order_by("path").first()


def city_root() -> OrgUnit:
    """The root, for services: without one, the action cannot be done yet (409)."""
    root = city_root_or_none()
    if root is None:
        raise Conflict("组织树尚无根节点（市总工会）。")
    return root


def require_at_city_root(actor: Any, cap: Cap, event: PendingEvent) -> OrgUnit:
    """The root, for a service changing what the city holds there (its settings, funds, card types): the
    audited event is the root's, and only who holds `cap` at the root may go on."""
    root = city_root()
    event.org = root
    access.require(actor, cap, root)
    return root


def city_root_or_404() -> OrgUnit:
    """The root, for pages: without one, there is nothing to show."""
    root = city_root_or_none()
    if root is None:
        raise NotFound()
    return root


# How many members a subtree holds. The members module registers its counter (members/hooks.py), so the tree
# does not import a domain app; with none registered (a tree without the members module) the count is 0.
SUBTREE_MEMBER_COUNTERS: list[Callable[[OrgUnit], int]] = []


@dataclass
class OrgCounts:
    unit: OrgUnit
    children: int
    units_in_subtree: int
    grassroots_in_subtree: int
    employers: int
    employers_covered: int
    members: int
    overdue_elections: int


def org_counts(user: Any, unit: OrgUnit) -> OrgCounts:
    """Counts over the unit's subtree. The caller got `unit` through access, so the subtree is in scope."""
    subtree = OrgUnit.objects.filter(path__startswith=unit.path, status=OrgStatus.ACTIVE)
    units = subtree.aggregate(total=Count("pk"), grassroots=Count("pk", filter=Q(level=OrgLevel.GRASSROOTS)))
    in_subtree = access.employers_under(unit)
    employers = Employer.objects.filter(in_subtree).aggregate(
        total=Count("pk"), covered=Count("pk", filter=Q(union__isnull=False))
    )
    members = sum(counter(unit) for counter in SUBTREE_MEMBER_COUNTERS)
    overdue = subtree.filter(term_ends_on__lt=timezone.localdate()).count()
    return OrgCounts(
        unit=unit,
        children=OrgUnit.objects.get_children(unit).filter(status=OrgStatus.ACTIVE).count(),
        units_in_subtree=units["total"] - 1,
        grassroots_in_subtree=units["grassroots"],
        employers=employers["total"],
        employers_covered=employers["covered"],
        members=members,
        overdue_elections=overdue,
    )


def org_children(user: Any, unit: OrgUnit, *, include_closed: bool = False) -> QuerySet[OrgUnit]:
    qs = access.scope_queryset(user, Cap.ORG_VIEW, OrgUnit.objects.get_children(unit), "path")
    if not include_closed:
        qs = qs.filter(status=OrgStatus.ACTIVE)
    return qs.annotate(covered=Count("covered_employers", distinct=True)).order_by("code")


def org_search(user: Any, q: str, *, level: str = "", parent: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    qs = access.scope_queryset(user, Cap.ORG_VIEW, OrgUnit.objects.all(), "path")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    return qs.order_by("path")


def with_parent_id(qs: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Annotate `parent_id`: treebeard MP keeps no parent column, the parent's path is ours minus a step."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen)
    return qs.annotate(parent_id=Subquery(OrgUnit.objects.filter(path=parent_path).values("id")[:1]))


def org_by_code(user: Any, code: str, cap: Cap = Cap.ORG_VIEW) -> OrgUnit | None:
    qs = access.scope_queryset(user, cap, OrgUnit.objects.filter(code=code.strip()), "path")
    return qs.first()


NOWHERE = OrgUnit(path="~")  # matches nothing: a wrong org code must not widen a list


def org_filter(user: Any, code: str, cap: Cap, form: Any, *, noun: str = "组织") -> OrgUnit | None:
    """A list's "unit code (with its subtree)" filter: None when blank, the unit when it is in reach, else
    an error at the form's `org` field and NOWHERE, so a wrong or foreign code shows nothing, never more."""
    if not code.strip():
        return None
    unit = org_by_code(user, code, cap)
    if unit is None:
        form.add_error("org", f"在您的权限范围内没有这个编码的{noun}。")
        return NOWHERE
    return unit


def paths_to_units(user: Any, units: list[OrgUnit]) -> dict[str, str]:
    """Ancestor names for search results, from where the user's reach starts, in one query."""
    steplen = OrgUnit.steplen
    r = access.reach(user, Cap.ORG_VIEW)
    prefixes = {u.path[:i] for u in units for i in range(steplen, len(u.path), steplen) if r.covers(u.path[:i])}
    names = dict(OrgUnit.objects.filter(path__in=prefixes).values_list("path", "name"))
    return {
        u.path: " / ".join(names[u.path[:i]] for i in range(steplen, len(u.path), steplen) if u.path[:i] in names)
        for u in units
    }


@dataclass
class EmployerFilters:
    q: str = ""
    org: OrgUnit | None = None
    covered: str = ""  # "", "yes", "no"
    ownership: str = ""
    industry: str = ""
    min_employees: int | None = None


def employer_list(user: Any, filters: EmployerFilters) -> QuerySet[Employer]:
    qs = access.scope_queryset(user, Cap.EMPLOYER_VIEW, Employer.objects.all(), access.EMPLOYER_SCOPE)
    if filters.org is not None:
        qs = qs.filter(access.employers_under(filters.org))
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    if filters.covered == "yes":
        qs = qs.filter(union__isnull=False)
    elif filters.covered == "no":
        qs = qs.filter(union__isnull=True)
    qs = given(qs, ownership=filters.ownership, industry=filters.industry, employee_count__gte=filters.min_employees)
    return qs.select_related("org", "union", "division").order_by("name", "id")
