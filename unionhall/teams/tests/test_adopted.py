"""A team's adopted suggestions in a month: the innovation submissions its members made (alone or with others)
that were adopted that month, each counted once per team; a submission adopted another month, or not adopted,
does not count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from unionhall.innovation import services as innovation
from unionhall.innovation.models import Kind, Status, Submission, SubmissionEvent
from unionhall.teams import periods, selectors
from unionhall.teams.tests.support import member, team
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db

TEXT = (
    "数控车床刀具寿命提升。通过优化切削参数和采用涂层刀片，降低刀具磨损，延长刀具使用寿命，每年节约刀具费用约十万元。"
)


def _adopted(c: City, people: list, title: str) -> Submission:
    made = innovation.submission_file(
        actor=SYSTEM, org=c.u1, kind=Kind.RATIONALIZATION, title=title, content=TEXT + title, members=people
    )
    Submission.objects.filter(pk=made.pk).update(status=Status.UNDER_REVIEW)
    made.refresh_from_db()
    return innovation.submission_adopt(actor=SYSTEM, submission=made)


def test_the_members_submissions_adopted_in_the_month_count_once_each(city: City) -> None:
    made = team(city)
    people = [m.person for m in made.members.select_related("person")]
    _adopted(city, people[:2], "两人合作的建议")  # two members: counted once
    _adopted(city, [people[2]], "一人的建议")
    _adopted(city, [member(city.u1, "班外人")], "班外的建议")
    earlier = _adopted(city, [people[0]], "上月采纳的建议")
    month = periods.current()
    start, _ = periods.bounds(month)
    SubmissionEvent.objects.filter(submission=earlier, step="adopt").update(at=start - timedelta(hours=1))
    innovation.submission_file(
        actor=SYSTEM, org=city.u1, kind=Kind.RATIONALIZATION, title="未采纳", content=TEXT + "未采纳", members=people
    )
    assert selectors.adopted_counts([made.pk], month) == {made.pk: 2}
    assert selectors.adopted_counts([made.pk], periods.shift(month, -1)) == {made.pk: 1}
