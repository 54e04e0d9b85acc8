"""What the meetings' own tests share: a meeting of a district and a resolution given to a department (the
member departments, 东区 人社局's login being the city's `liaison_d1`, come from the test kit)."""

from __future__ import annotations

from datetime import date, timedelta

from unionhall.meetings import services
from unionhall.meetings.models import Meeting, Resolution
from unionhall.orgs.models import OrgUnit
from unionhall.supervision.models import Department
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import departments

__all__ = ["departments", "meeting", "resolution"]
from unionhall.workcalendar import workdays


def meeting(c: City, *, org: OrgUnit | None = None, on: date | None = None, title: str = "东区联席会议") -> Meeting:
    return services.meeting_create(
        actor=SYSTEM,
        org=org or c.d1,
        title=title,
        date=on or workdays.today() + timedelta(days=3),
        place="区政府会议室",
    )


def resolution(
    m: Meeting, department: Department, *, due_on: date | None = None, title: str = "清欠专项行动"
) -> Resolution:
    return services.resolution_record(
        actor=SYSTEM,
        meeting=m,
        title=title,
        department=department,
        due_on=due_on or workdays.today() + timedelta(days=20),
    )
