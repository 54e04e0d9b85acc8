"""Reads of worker innovation, always through the scope rule.

A submission is seen by who holds `innovation.view` over its union (the union, the federations above it,
reviewers); a worker sees the submissions they are a member of, through /me/. The similar submissions found
when one was filed come from the whole city: a reader sees the number, title and link of those in their
reach, and only the score of the others.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from unionhall.funds.models import Budget
from unionhall.innovation import panel_subject
from unionhall.innovation.models import InnovationSettings, Patent, Reward, RewardStatus, Status, Submission
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.panels.models import Panel, PanelStatus, PanelSubject


def submissions_for(user: Any) -> QuerySet[Submission]:
    return access.scope_queryset(user, Cap.INNOVATION_VIEW, Submission.objects.all(), "org")


def submission_for_user_or_404(user: Any, pk: Any) -> Submission:
    return access.get_for_user_or_404(
        user, Cap.INNOVATION_VIEW, Submission.objects.select_related("org", "panel"), pk, "org"
    )


def waiting_review(user: Any) -> QuerySet[Submission]:
    """Recommended submissions the user may send to a panel."""
    return access.scope_queryset(user, Cap.INNOVATION_REVIEW, Submission.objects.filter(status=Status.FORWARDED), "org")


def waiting_forward(user: Any) -> QuerySet[Submission]:
    """Workers' own proposals the user's union may recommend upward (or decline)."""
    return access.scope_queryset(user, Cap.INNOVATION_EDIT, Submission.objects.filter(status=Status.SUBMITTED), "org")


def similar_rows(user: Any, submission: Submission) -> list[dict[str, Any]]:
    reach = access.reach(user, Cap.INNOVATION_VIEW)
    rows = []
    for s in submission.similar.select_related("other__org"):
        seen = reach.covers(s.other.org.path)
        rows.append({"id": s.other_id, "score": s.score, "other": s.other if seen else None})
    return rows


def panel_result(submission: Submission) -> PanelSubject | None:
    if submission.panel_id is None:
        return None
    return PanelSubject.objects.filter(panel_id=submission.panel_id, ref=submission.pk).first()


def panels_open_for(user: Any, submission: Submission) -> QuerySet[Panel]:
    """Open innovation panels the user manages, convened at the submission's union or above it."""
    from unionhall.orgs.models import path_chain

    qs = Panel.objects.filter(
        kind=panel_subject.KIND, status=PanelStatus.OPEN, org__path__in=path_chain(submission.org.path)
    )
    return access.scope_queryset(user, Cap.PANEL_MANAGE, qs, "org").select_related("org")


def members_by_number(user: Any, numbers: list[str]) -> tuple[list[Person], list[str]]:
    """The people of open memberships with these member numbers, in reach of `member.view`, in the order
    typed; and the numbers not found (out of reach answers like unknown)."""
    found = {
        m.member_no: m.person
        for m in access.scope_queryset(
            user,
            Cap.MEMBER_VIEW,
            Membership.objects.filter(member_no__in=numbers, status__in=OPEN_STATUSES).select_related("person"),
            "org",
        )
    }
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def my_submissions(person: Person) -> QuerySet[Submission]:
    return Submission.objects.filter(members__person=person).select_related("org").order_by("-id")


def patents_for(user: Any) -> QuerySet[Patent]:
    return access.scope_queryset(user, Cap.INNOVATION_VIEW, Patent.objects.all(), "org")


# --- rewards ---------------------------------------------------------------------------------------


def rewards_for(user: Any) -> QuerySet[Reward]:
    return access.scope_queryset(user, Cap.INNOVATION_VIEW, Reward.objects.all(), "org")


def reward_for_user_or_404(user: Any, pk: Any) -> Reward:
    return access.get_for_user_or_404(
        user,
        Cap.INNOVATION_VIEW,
        Reward.objects.select_related("org", "submission", "budget__fund", "budget__org", "payee", "rule"),
        pk,
        "org",
    )


def my_rewards(person: Person) -> QuerySet[Reward]:
    """A worker's own rewards (they are the payee), for /me/: cancelled ones left out."""
    return (
        Reward.objects.filter(payee=person)
        .exclude(status=RewardStatus.CANCELLED)
        .select_related("submission")
        .order_by("-id")
    )


def awaiting_approval(user: Any) -> QuerySet[Reward]:
    """Rewards the user may approve: proposed or half-approved, in reach of `innovation.review`."""
    qs = Reward.objects.filter(status__in=(RewardStatus.PROPOSED, RewardStatus.PARTLY_APPROVED))
    return access.scope_queryset(user, Cap.INNOVATION_REVIEW, qs, "org")


def reward_budgets(submission: Submission) -> QuerySet[Budget]:
    """The budgets of the city's innovation reward fund on the submission's union's chain, newest year first."""
    from unionhall.orgs.models import path_chain

    return (
        Budget.objects.filter(
            fund__code=InnovationSettings.current().fund_code, org__path__in=path_chain(submission.org.path)
        )
        .select_related("org", "fund")
        .order_by("-year", "-org__path")
    )
