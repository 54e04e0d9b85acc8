"""seed_city's supervised tasks (督办事项) and joint-meeting departments, written in bulk like the members.

Proportions, for a city of 1,000,000 members: the city's seven member departments and six in each district,
one liaison contact each; 2,000 tasks over the last year (two per thousand members — a federation's organizing
drives, visit follow-ups and joint-meeting resolutions together), about three in five given to a department,
the rest to the district's cadre. Tasks due in the past are nearly all done (a few cancelled, a few still open
and marked overdue, as supervision/sweep.py would have marked them); tasks still running are open or in
progress. Each step a task took is one TaskEvent, its statuses as supervision/workflow.py declares them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from unionhall.demo.city_cast import Cast, next_id
from unionhall.demo.supervision import DEPARTMENTS, DISTRICT_DEPARTMENTS, LIAISONS, link_demo_liaison
from unionhall.orgs.models import OrgLevel
from unionhall.supervision.models import Department, Liaison, SupervisedTask, TaskEvent, TaskStatus
from unionhall.workcalendar.workdays import SHANGHAI, calendar_between

TASKS_PER_MEMBER = 0.002
TITLES = [
    "督促企业限期足额支付拖欠工资",
    "推动达到规模的企业建立工会",
    "核查在建工地农民工工资专用账户",
    "走访发现的劳动合同签订不规范问题整改",
    "落实联席会议决议：快递网点新就业形态劳动者入会",
    "协调解决职工社会保险断缴问题",
    "推进行政村工会规范化建设",
]
TASK_COLUMNS = [
    "id",
    "title",
    "detail",
    "org_id",
    "source_kind",
    "source_id",
    "source_label",
    "responsible_user_id",
    "department_id",
    "starts_on",
    "due_on",
    "due_workdays",
    "remind_on",
    "status",
    "reminded_at",
    "overdue_at",
    "opened_by_id",
    "opened_at",
    "closed_at",
    "closed_by_id",
    "evidence",
]
EVENT_COLUMNS = ["id", "actor_id", "actor_name", "at", "task_id", "step", "from_status", "to_status", "text"]
DEPARTMENT_COLUMNS = ["id", "org_id", "name", "short_name", "active", "created_at"]
LIAISON_COLUMNS = ["id", "department_id", "name", "post", "phone", "user_id", "active", "created_at"]


def _moment(day: Any, hour: int, now: datetime) -> datetime:
    """The hour of the day in Shanghai, never after the seed runs."""
    return min(datetime.combine(day, time(hour), tzinfo=SHANGHAI), now)


def _departments(cast: Cast, write: Any) -> dict[int, list[int]]:
    """The city's and every district's departments with a liaison each; the unit id → its departments' ids."""
    places = [u for u in cast.units.values() if u.level in (OrgLevel.CITY, OrgLevel.DISTRICT)]
    department_id, liaison_id = next_id(Department), next_id(Liaison)
    departments: list[tuple[Any, ...]] = []
    liaisons: list[tuple[Any, ...]] = []
    by_unit: dict[int, list[int]] = {}
    for unit in sorted(places, key=lambda u: u.path):
        rows = DEPARTMENTS if unit.level == OrgLevel.CITY else DISTRICT_DEPARTMENTS
        place = unit.name.removesuffix("总工会")
        by_unit[unit.id] = []
        for short, full, post in rows:
            departments.append((department_id, unit.id, f"{place}{full}", short, True, cast.now))
            phone = f"1391234{liaison_id % 10000:04d}"
            name = LIAISONS[liaison_id % len(LIAISONS)]
            liaisons.append((liaison_id, department_id, name, post, phone, None, True, cast.now))
            by_unit[unit.id].append(department_id)
            department_id += 1
            liaison_id += 1
    write(Department, DEPARTMENT_COLUMNS, departments)
    write(Liaison, LIAISON_COLUMNS, liaisons)
    return by_unit


def seed_city_supervision(cast: Cast, *, write: Any) -> dict[str, int]:
    rng, today = cast.rng, cast.today
    by_unit = _departments(cast, write)
    root = next(u.id for u in cast.units.values() if u.parent is None)
    places = [u for u in cast.units.values() if u.level in (OrgLevel.TOWN, OrgLevel.GRASSROOTS)]
    calendar = calendar_between(today - timedelta(days=420), today + timedelta(days=120))
    count = max(10, round(TASKS_PER_MEMBER * cast.member_count))
    task_id, event_id = next_id(SupervisedTask), next_id(TaskEvent)
    tasks, events = [], []
    for _ in range(count):
        unit = rng.choice(places)
        district = cast.district_of(unit.id)
        cadre = cast.cadre_for(unit.id)
        start = today - timedelta(days=rng.randrange(1, 366))
        workdays = rng.choice((5, 10, 15, 20, 30))
        due = calendar.add_working_days(start, workdays)
        remind = max(start, calendar.subtract_working_days(due, 3))
        choices = by_unit.get(district or root) or by_unit[root]
        department = rng.choice(choices) if rng.random() < 0.6 else None
        user = None if department is not None else cadre.pk
        if due < today:
            status = rng.choices([TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.IN_PROGRESS], [85, 5, 10])[0]
        else:
            status = rng.choices([TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.DONE], [50, 40, 10])[0]
        now = cast.now
        opened = _moment(start, 9, now)
        later = min(opened + timedelta(days=1), now)
        closed = _moment(min(due, today), 16, now) if status == TaskStatus.DONE else None
        active = status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
        reminded = (
            _moment(remind, 0, now) if remind <= today and (active or (closed and closed.date() >= remind)) else None
        )
        overdue = _moment(due + timedelta(days=1), 0, now) if active and due < today else None
        evidence = "已按要求办结，相关材料已归档。" if status == TaskStatus.DONE else ""
        title = rng.choice(TITLES)
        closer = cadre.pk if closed else None
        row = (task_id, title, "", unit.id, "manual", None, "", user, department, start, due, workdays, remind)
        tasks.append((*row, status, reminded, overdue, cadre.pk, opened, closed, closer, evidence))
        name = cadre.get_username()
        steps = [("open", "", TaskStatus.OPEN, opened, "")]
        if status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE):
            steps.append(("progress", TaskStatus.OPEN, TaskStatus.IN_PROGRESS, later, "已部署落实。"))
        if status == TaskStatus.DONE:
            assert closed is not None
            steps.append(("close", TaskStatus.IN_PROGRESS, TaskStatus.DONE, max(closed, later), evidence))
        if status == TaskStatus.CANCELLED:
            steps.append(("cancel", TaskStatus.OPEN, TaskStatus.CANCELLED, later, "已并入其他事项办理。"))
        for step, before, after, at, text in steps:
            events.append((event_id, cadre.pk, name, at, task_id, step, before, after, text))
            event_id += 1
        task_id += 1
    write(SupervisedTask, TASK_COLUMNS, tasks)
    write(TaskEvent, EVENT_COLUMNS, events)
    link_demo_liaison()
    return {"departments": sum(len(v) for v in by_unit.values()), "supervised_tasks": len(tasks)}
