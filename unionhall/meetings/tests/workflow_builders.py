"""Builder of the joint meeting's life for the generic walk of every workflow table (unionhall/workflow/tests):
a meeting of 东区 in the status asked for; the district's cadre acts."""

from __future__ import annotations

from typing import Any

from unionhall.meetings.models import Meeting
from unionhall.meetings.tests.support import meeting
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_meeting(c: City, status: str, t: Transition) -> Setup:
    made = meeting(c)
    Meeting.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return Setup(obj=made, actor=c.users["cadre_d1"])


BUILDERS: dict[str, Any] = {"meeting": a_meeting}
