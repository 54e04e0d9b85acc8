"""MemberTally as the database keeps it, and a recount of the memberships: tests of every writer compare them."""

from __future__ import annotations

from django.db.models import Count, Q

from unionhall.members.models import OPEN_STATUSES, Membership, MemberTally


def tally() -> dict[int, tuple[int, int]]:
    rows = MemberTally.objects.values_list("org_id", "members", "platform_members")
    return {org: (n, p) for org, n, p in rows if n or p}


def recount() -> dict[int, tuple[int, int]]:
    rows = (
        Membership.objects.filter(status__in=OPEN_STATUSES)
        .values("org_id")
        .annotate(n=Count("id"), p=Count("id", filter=Q(person__employment_form="platform")))
        .values_list("org_id", "n", "p")
    )
    return {org: (n, p) for org, n, p in rows}
