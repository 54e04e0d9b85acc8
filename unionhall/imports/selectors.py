"""Reads of import jobs, always scoped through access.py: a job by the capability its kind declares
(kinds.py) at its unit — importing members needs member.edit there, employers employer.edit."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import QuerySet

from unionhall.core.errors import NotFound
from unionhall.imports import kinds
from unionhall.imports.models import ImportJob
from unionhall.orgs import access
from unionhall.orgs.models import OrgStatus, OrgUnit


def kinds_for(user: Any) -> list[str]:
    """The kinds of import the user may run somewhere."""
    return [k.key for k in kinds.all_kinds() if access.has_cap_anywhere(user, k.capability)]


def may_see_imports(user: Any) -> bool:
    """Sees the import pages' subject at all (a reviewer does, and is then refused with 403)."""
    return any(access.has_cap_anywhere(user, k.view_capability) for k in kinds.all_kinds())


def job_list(user: Any) -> QuerySet[ImportJob]:
    """The jobs of every unit where the user may run that kind of import."""
    scoped = [
        access.scope_queryset(user, k.capability, ImportJob.objects.filter(kind=k.key), "org")
        for k in kinds.all_kinds()
    ]
    jobs = reduce(or_, scoped) if scoped else ImportJob.objects.none()
    return jobs.select_related("org", "created_by").order_by("-created_at", "-id")


def job_for_user_or_404(user: Any, pk: Any) -> ImportJob:
    """One job the user may see; missing and out of scope answer alike."""
    kind = ImportJob.objects.filter(pk=pk).values_list("kind", flat=True).first() if str(pk).isdigit() else None
    if kind is None or not kinds.exists(kind):
        raise NotFound()
    qs = ImportJob.objects.select_related("org", "created_by", "committed_by")
    return access.get_for_user_or_404(user, kinds.get(kind).view_capability, qs, pk, "org")


def job_for_importer_or_404(user: Any, pk: Any) -> ImportJob:
    """One job the user may see and act on (its kind's capability at its unit)."""
    job = job_for_user_or_404(user, pk)
    access.require(user, kinds.get(job.kind).capability, job.org, obj=job)
    return job


def target_units(user: Any, kind: str, *, limit: int = 200) -> QuerySet[OrgUnit]:
    """Units the user may import into, for the upload form's suggestions."""
    spec = kinds.get(kind)
    qs = access.orgs_with(user, spec.capability).filter(status=OrgStatus.ACTIVE)
    if spec.target_levels is not None:
        qs = qs.filter(level__in=spec.target_levels)
    return qs.order_by("path")[:limit]


def target_by_code(user: Any, kind: str, code: str) -> OrgUnit | None:
    return access.orgs_with(user, kinds.get(kind).capability).filter(code=code.strip()).first()


def own_union_code(user: Any, kind: str) -> str:
    """The code to suggest: the user's own unit when their whole reach for `kind` is that one unit."""
    if not kinds.exists(kind):
        return ""
    spec = kinds.get(kind)
    roots = access.visible_roots(user, spec.capability)
    if len(roots) != 1 or roots[0].status != OrgStatus.ACTIVE:
        return ""
    if spec.target_levels is not None and roots[0].level not in spec.target_levels:
        return ""
    return roots[0].code
