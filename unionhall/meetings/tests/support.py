"""What the meetings' own tests share: 东区's and 西区's member departments (东区 人社局's login is the city's
`liaison_d1`), a meeting of a district, and a resolution given to a department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from unionhall.meetings import services
from unionhall.meetings.models import Meeting, Resolution
from unionhall.orgs.models import OrgUnit
from unionhall.supervision.models import Department, Liaison
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.workcalendar import workdays


@dataclass
class Departments:
    rs: Department  # 东区 人社局, whose liaison is `liaison_d1`
    zj: Department  # 东区 住建局
    west: Department  # 西区 人社局


def departments(c: City) -> Departments:
    rs = Department.objects.create(org=c.d1, name="东区人力资源和社会保障局", short_name="人社局")
    zj = Department.objects.create(org=c.d1, name="东区住房和城乡建设局", short_name="住建局")
    west = Department.objects.create(org=c.d2, name="西区人力资源和社会保障局", short_name="人社局")
    Liaison.objects.create(department=rs, name="孙联络", post="科长", phone="13900001111", user=c.users["liaison_d1"])
    return Departments(rs, zj, west)


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
