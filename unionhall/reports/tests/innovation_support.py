"""What the innovation dashboard's tests share: members joined at a unit, submissions written straight to the
table at a given time and status (the dashboard reads rows; the services that make them are innovation's to
test), and a competition with participants and kept standings."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from unionhall.competitions.models import Competition, CompetitionStatus, Participant, Standing
from unionhall.innovation.models import Kind, Status, Submission, SubmissionMember
from unionhall.members.models import Person
from unionhall.orgs.models import OrgUnit
from unionhall.tests import factories

_n = itertools.count(1)


def member(org: OrgUnit, name: str = "李创新") -> Person:
    n = next(_n)
    return factories.join(org, name, f"320508{1960 + n // 1000 % 50}0615{n % 1000:03d}").person


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def submission(
    org: OrgUnit,
    members: list[Person],
    *,
    on: date,
    kind: str = Kind.RATIONALIZATION,
    status: str = Status.SUBMITTED,
    benefit_fen: int | None = None,
    title: str = "工装夹具改进",
) -> Submission:
    n = next(_n)
    s = Submission.objects.create(
        no=f"CXT{n:08d}",
        org=org,
        kind=kind,
        title=title,
        content="改进工装夹具，缩短换型时间。",
        status=status,
        verified_benefit_fen=benefit_fen,
    )
    Submission.objects.filter(pk=s.pk).update(filed_at=at(on))
    SubmissionMember.objects.bulk_create(
        SubmissionMember(submission=s, person=p, is_lead=i == 0) for i, p in enumerate(members)
    )
    s.refresh_from_db()
    return s


def competition(
    org: OrgUnit,
    ranked: list[tuple[OrgUnit, str]],
    *,
    title: str = "重点工程劳动竞赛",
    year: int = 2026,
    status: str = CompetitionStatus.RUNNING,
    co: list[OrgUnit] | None = None,
) -> Competition:
    """A competition of `org` in `year` whose participants, best first, hold the kept overall ranking."""
    c = Competition.objects.create(
        org=org, title=title, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), status=status
    )
    if co:
        c.co_organizers.set(co)
    for rank, (unit, team) in enumerate(ranked, start=1):
        p = Participant.objects.create(competition=c, org=unit, team=team)
        Standing.objects.create(competition=c, participant=p, score=Decimal(100 - rank), rank=rank, points={})
    return c
