"""Reads of import jobs, always scoped through access.py: a members job by the member capabilities at
its union, an employers job by the employer capabilities at its unit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from unionhall.core.errors import NotFound
from unionhall.imports.models import ImportJob, ImportKind
from unionhall.members.lifecycle import MEMBER_LEVELS
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit

EDIT_CAP: dict[str, Cap] = {ImportKind.MEMBERS: Cap.MEMBER_EDIT, ImportKind.EMPLOYERS: Cap.EMPLOYER_EDIT}
VIEW_CAP: dict[str, Cap] = {ImportKind.MEMBERS: Cap.MEMBER_VIEW, ImportKind.EMPLOYERS: Cap.EMPLOYER_VIEW}


def kinds_for(user: Any) -> list[str]:
    """The kinds of import the user may run somewhere."""
    return [kind for kind, cap in EDIT_CAP.items() if access.has_cap_anywhere(user, cap)]


def may_see_imports(user: Any) -> bool:
    """Sees the import pages' subject at all (a reviewer does, and is then refused with 403)."""
    return any(access.has_cap_anywhere(user, cap) for cap in VIEW_CAP.values())


def job_list(user: Any) -> QuerySet[ImportJob]:
    """The jobs of every unit where the user may run that kind of import."""
    members = access.scope_queryset(user, Cap.MEMBER_EDIT, ImportJob.objects.filter(kind=ImportKind.MEMBERS), "org")
    employers = access.scope_queryset(
        user, Cap.EMPLOYER_EDIT, ImportJob.objects.filter(kind=ImportKind.EMPLOYERS), "org"
    )
    return (members | employers).select_related("org", "created_by").order_by("-created_at", "-id")


def job_for_user_or_404(user: Any, pk: Any) -> ImportJob:
    """One job the user may see; missing and out of scope answer alike."""
    kind = ImportJob.objects.filter(pk=pk).values_list("kind", flat=True).first() if str(pk).isdigit() else None
    if kind is None:
        raise NotFound()
    qs = ImportJob.objects.select_related("org", "created_by", "committed_by")
    return access.get_for_user_or_404(user, VIEW_CAP[kind], qs, pk, "org")


def target_units(user: Any, kind: str, *, limit: int = 200) -> QuerySet[OrgUnit]:
    """Units the user may import into, for the upload form's suggestions."""
    qs = access.orgs_with(user, EDIT_CAP[kind]).filter(status=OrgStatus.ACTIVE)
    if kind == ImportKind.MEMBERS:
        qs = qs.filter(level__in=MEMBER_LEVELS)
    return qs.order_by("path")[:limit]


def target_by_code(user: Any, kind: str, code: str) -> OrgUnit | None:
    return access.orgs_with(user, EDIT_CAP[kind]).filter(code=code.strip()).first()


def own_union_code(user: Any, kind: str) -> str:
    """The code to suggest: the user's own unit when their whole reach for `kind` is that one unit."""
    if kind not in EDIT_CAP:
        return ""
    roots = access.visible_roots(user, EDIT_CAP[kind])
    if len(roots) != 1 or roots[0].status != OrgStatus.ACTIVE:
        return ""
    if kind == ImportKind.MEMBERS and roots[0].level not in MEMBER_LEVELS:
        return ""
    return roots[0].code
