"""Reads of innovation studios, always through the scope rule.

A studio is seen by who holds `innovation.view` over its union (the union, the federations above it,
reviewers); its results are the submissions and patents linked to it, and its verified benefit is the sum of
the linked submissions' `verified_benefit_fen` (a submission not yet verified counts nothing). The yearly
review is due from the city's review month (`STUDIO_REVIEW_MONTH`, November unless set) for every studio in
the federation's reach that was named by the year's end and has no review of the year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from unionhall.innovation.models import (
    Patent,
    Studio,
    StudioMember,
    StudioPatent,
    StudioReview,
    StudioStatus,
    StudioSubmission,
    Submission,
)
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def review_month() -> int:
    return int(getattr(settings, "STUDIO_REVIEW_MONTH", 11))


def studios_for(user: Any) -> QuerySet[Studio]:
    return access.scope_queryset(user, Cap.INNOVATION_VIEW, Studio.objects.all(), "org")


def studio_for_user_or_404(user: Any, pk: Any) -> Studio:
    return access.get_for_user_or_404(
        user, Cap.INNOVATION_VIEW, Studio.objects.select_related("org", "lead"), pk, "org"
    )


def _count(model: Any) -> Subquery:
    rows = model.objects.filter(studio=OuterRef("pk")).order_by().values("studio").annotate(n=Count("id")).values("n")
    return Subquery(rows, output_field=IntegerField())


def with_results(qs: QuerySet[Studio]) -> QuerySet[Studio]:
    """Each studio with its counts of members, linked submissions and patents, and its verified benefit (fen)."""
    benefit = (
        StudioSubmission.objects.filter(studio=OuterRef("pk"))
        .order_by()
        .values("studio")
        .annotate(total=Sum("submission__verified_benefit_fen"))
        .values("total")
    )
    return qs.annotate(
        n_members=Coalesce(_count(StudioMember), Value(0)),
        n_submissions=Coalesce(_count(StudioSubmission), Value(0)),
        n_patents=Coalesce(_count(StudioPatent), Value(0)),
        benefit_fen=Coalesce(Subquery(benefit, output_field=IntegerField()), Value(0)),
        last_year=Subquery(
            StudioReview.objects.filter(studio=OuterRef("pk")).order_by("-year").values("year")[:1],
            output_field=IntegerField(),
        ),
        last_rating=Subquery(StudioReview.objects.filter(studio=OuterRef("pk")).order_by("-year").values("rating")[:1]),
    )


def linked_submissions(studio: Studio) -> list[Submission]:
    return list(
        Submission.objects.filter(
            pk__in=StudioSubmission.objects.filter(studio=studio).values("submission_id")
        ).select_related("org")
    )


def linked_patents(studio: Studio) -> list[Patent]:
    return list(
        Patent.objects.filter(pk__in=StudioPatent.objects.filter(studio=studio).values("patent_id")).select_related(
            "org", "person", "submission"
        )
    )


def reviewable(user: Any) -> QuerySet[Studio]:
    """Studios the user may review: their union lies strictly below a unit where the user holds
    `innovation.review` (so the federation above it is in reach); a studio of the city's root itself is its
    root holders' (studio_workflow.upper_federation answers the root for itself)."""
    from unionhall.orgs.models import OrgUnit

    paths = access.reach(user, Cap.INNOVATION_REVIEW).paths
    if not paths:
        return Studio.objects.none()
    below = Q()
    for path in paths:
        below |= Q(org__path__startswith=path) & ~Q(org__path=path)
        if len(path) == OrgUnit.steplen:
            below |= Q(org__path=path)
    return Studio.objects.filter(below)


def due_year(today: date) -> int | None:
    """The year whose review is due on `today`: this year, from the review month on; before it, none."""
    return today.year if today.month >= review_month() else None


def due_for_review(user: Any, today: date) -> QuerySet[Studio]:
    """Active studios the user reviews, named by the due year's end, without that year's review."""
    year = due_year(today)
    if year is None:
        return Studio.objects.none()
    return reviewable(user).filter(status=StudioStatus.ACTIVE, founded_on__year__lte=year).exclude(reviews__year=year)


def reviews_of(studio: Studio) -> list[StudioReview]:
    return list(studio.reviews.select_related("reviewer_org", "recorded_by").prefetch_related("evidence"))
