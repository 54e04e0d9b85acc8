"""seed_demo's joint meetings: two meetings of 姑苏区, the first held with resolutions (one overdue, one done),
the second planned, whose agenda already lists the overdue resolution; the liaison of 人社局 sees it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from unionhall.accounts.models import User
from unionhall.demo.seed import seed_demo
from unionhall.meetings import agenda
from unionhall.meetings import selectors as meetings
from unionhall.meetings.models import ItemKind, Meeting, MeetingStatus, Resolution
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def test_the_demo_district_holds_two_joint_meetings_and_the_overdue_resolution_surfaces() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
        first, second = Meeting.objects.order_by("date")
        assert (first.status, second.status) == (MeetingStatus.HELD, MeetingStatus.PLANNED)
        assert result["resolutions_overdue"] == 1
        on_agenda = [i for i in agenda.items(second) if i.kind == ItemKind.RESOLUTION]
        late = Resolution.objects.get(department__short_name="人社局")
        assert (on_agenda[0].ref, on_agenda[0].overdue) == (str(late.pk), True)
        assert len(on_agenda) == 2  # the one done is not on it
        liaison = User.objects.get(username="liaison_demo")
        assert list(meetings.resolutions_for(liaison)) == [late]
