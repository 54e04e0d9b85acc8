"""seed_city's joint meetings (联席会议), written in bulk like the supervised tasks.

Proportions: every district holds two joint meetings a year — one some nine months ago, one some three months
ago, both held, with minutes — and has its next one planned for the coming weeks, attended by its member
departments. Each held meeting records three resolutions, each a supervised task of source
`meeting_resolution` given to one of the district's departments: the older meeting's are nearly all done,
the recent one's are in progress or open, and one a district is past its due date (marked overdue as
supervision/sweep.py would), so it is on the planned meeting's agenda. A held meeting's agenda is kept as the
resolutions of the meetings before it (the frozen rows agenda.freeze writes); the planned one is read live.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from unionhall.demo.city_cast import Cast, next_id
from unionhall.demo.city_supervision import EVENT_COLUMNS, TASK_COLUMNS
from unionhall.meetings.models import AgendaItem, ItemKind, Meeting, MeetingStatus, Resolution
from unionhall.meetings.task_source import KIND
from unionhall.orgs.models import OrgLevel
from unionhall.supervision.models import Department, SupervisedTask, TaskEvent, TaskStatus
from unionhall.workcalendar.workdays import SHANGHAI

RESOLUTIONS = [
    "开展欠薪专项清查，对欠薪企业限期整改",
    "核查在建工地农民工工资专用账户开设情况",
    "推动规模以上未建会企业建会",
    "联合开展新就业形态劳动者入会集中行动",
    "建立劳动争议诉调对接工作机制",
    "排查辖区企业社会保险缴纳情况",
]
MEETING_COLUMNS = [
    "id", "org_id", "title", "date", "place", "attendees", "status", "minutes", "held_at", "cancel_reason",
    "created_by_id", "created_at",
]  # fmt: skip
RESOLUTION_COLUMNS = ["id", "meeting_id", "number", "title", "detail", "department_id", "due_on", "task_id",
                      "recorded_by_id", "recorded_at"]  # fmt: skip
ITEM_COLUMNS = ["id", "meeting_id", "kind", "ref", "title", "link", "position", "added_by_id"]
MINUTES = "会议通报了全区劳动关系形势，研究了欠薪治理、建会入会和劳动争议调处工作，明确了各成员单位的任务分工。"


def _at(day: Any, hour: int, now: datetime) -> datetime:
    return min(datetime.combine(day, time(hour), tzinfo=SHANGHAI), now)


def seed_city_meetings(cast: Cast, *, write: Any) -> dict[str, int]:
    rng, today, now = cast.rng, cast.today, cast.now
    districts = sorted((u for u in cast.units.values() if u.level == OrgLevel.DISTRICT), key=lambda u: u.path)
    by_district: dict[int, list[int]] = {}
    for pk, org in Department.objects.filter(org__level=OrgLevel.DISTRICT).values_list("id", "org_id"):
        by_district.setdefault(org, []).append(pk)
    meeting_id, resolution_id, item_id = next_id(Meeting), next_id(Resolution), next_id(AgendaItem)
    task_id, event_id = next_id(SupervisedTask), next_id(TaskEvent)
    meetings, invited, resolutions, items, tasks, events = [], [], [], [], [], []
    for district in districts:
        departments = by_district.get(district.id, [])
        if not departments:
            continue
        cadre = cast.cadre_for(district.id)
        place = f"{district.name.removesuffix('总工会')}政府会议室"
        earlier: list[tuple[int, int, str, str]] = []  # (resolution, number, its title, its meeting's title)
        for n, days_ago in enumerate((270, 90, -rng.randrange(7, 30)), start=1):
            day = today - timedelta(days=days_ago)
            held = days_ago > 0
            title = f"{district.name.removesuffix('总工会')}政府与工会第{n}次联席会议"
            status = MeetingStatus.HELD if held else MeetingStatus.PLANNED
            meetings.append(
                (meeting_id, district.id, title, day, place, "", status, MINUTES if held else "",
                 _at(day, 11, now) if held else None, "", cadre.pk, _at(day - timedelta(days=10), 9, now))
            )  # fmt: skip
            invited += [(meeting_id, d) for d in departments]
            if held:
                for position, (rid, number, rtitle, mtitle) in enumerate(earlier, start=1):
                    text = f"{mtitle} 决议 {number}：{rtitle}"
                    link = f"/meetings/resolutions/{rid}/"
                    items.append((item_id, meeting_id, ItemKind.RESOLUTION, str(rid), text, link, position, None))
                    item_id += 1
                for number in range(1, 4):
                    rtitle = rng.choice(RESOLUTIONS)
                    due = day + timedelta(days=rng.choice((30, 45, 60)))
                    recent = days_ago < 180
                    late = recent and number == 1
                    if late:
                        due = today - timedelta(days=rng.randrange(5, 20))
                    if due < today and not late:
                        status_ = TaskStatus.DONE
                    else:
                        status_ = (
                            rng.choice((TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
                            if not late
                            else TaskStatus.IN_PROGRESS
                        )
                    department = rng.choice(departments)
                    label = f"{title} 决议 {number}"
                    opened = _at(day, 15, now)
                    closed = _at(due, 16, now) if status_ == TaskStatus.DONE else None
                    remind = max(day, due - timedelta(days=4))
                    overdue = _at(due + timedelta(days=1), 0, now) if late else None
                    reminded = _at(remind, 0, now) if remind <= today else None
                    evidence = "已按决议要求办结，材料已归档。" if closed else ""
                    tasks.append(
                        (task_id, rtitle, "", district.id, KIND, resolution_id, label, None, department, day, due,
                         None, remind, status_, reminded, overdue, cadre.pk, opened, closed,
                         cadre.pk if closed else None, evidence)
                    )  # fmt: skip
                    steps = [("open", "", TaskStatus.OPEN, opened, "")]
                    if status_ != TaskStatus.OPEN:
                        steps.append(("progress", TaskStatus.OPEN, TaskStatus.IN_PROGRESS, opened, "已部署落实。"))
                    if closed is not None:
                        steps.append(("close", TaskStatus.IN_PROGRESS, TaskStatus.DONE, closed, evidence))
                    for step, before, after, at, text in steps:
                        events.append(
                            (event_id, cadre.pk, cadre.get_username(), at, task_id, step, before, after, text)
                        )
                        event_id += 1
                    resolutions.append(
                        (resolution_id, meeting_id, number, rtitle, "", department, due, task_id, cadre.pk, opened)
                    )
                    if status_ != TaskStatus.DONE:
                        earlier.append((resolution_id, number, rtitle, title))
                    resolution_id += 1
                    task_id += 1
            meeting_id += 1
    write(Meeting, MEETING_COLUMNS, meetings)
    through = Meeting.departments.through
    first = next_id(through)
    write(through, ["id", "meeting_id", "department_id"], [(first + i, m, d) for i, (m, d) in enumerate(invited)])
    write(SupervisedTask, TASK_COLUMNS, tasks)
    write(TaskEvent, EVENT_COLUMNS, events)
    write(Resolution, RESOLUTION_COLUMNS, resolutions)
    write(AgendaItem, ITEM_COLUMNS, items)
    return {"meetings": len(meetings), "meeting_resolutions": len(resolutions)}
