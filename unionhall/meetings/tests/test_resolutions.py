"""Resolutions as supervised tasks: recording one opens a task given to its department, its liaison told; the
liaison sees and answers only its own department's resolutions; with time travel, a resolution falls overdue
the day after its due date, the sweep tells the department once, and the next meeting's agenda lists it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from unionhall.core.actors import SystemActor
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.meetings import agenda, selectors, services
from unionhall.meetings.models import ItemKind
from unionhall.meetings.tests.support import departments, meeting, resolution
from unionhall.notifications.models import Notification
from unionhall.supervision import selectors as tasks
from unionhall.supervision import services as task_services
from unionhall.supervision.models import TaskStatus
from unionhall.supervision.sweep import deadline_sweep
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=SHANGHAI)


def test_a_resolution_opens_a_task_for_its_department_and_tells_its_liaison(city: City) -> None:
    d = departments(city)
    r = resolution(meeting(city), d.rs, title="清欠专项行动")
    task = r.task
    assert task is not None and task.department == d.rs and task.org == city.d1
    assert (task.source_kind, task.source_id, task.source_label) == ("meeting_resolution", r.pk, "东区联席会议 决议 1")
    assert list(tasks.tasks_from("meeting_resolution", r.pk)) == [task]
    assert Notification.objects.filter(user=city.users["liaison_d1"], kind="supervision.task_open").count() == 1
    assert resolution(r.meeting, d.zj).number == 2


def test_a_resolution_goes_only_to_a_department_serving_the_host(city: City) -> None:
    d = departments(city)
    with pytest.raises(ValidationError) as refused:
        services.resolution_record(
            actor=city.users["cadre_d1"], meeting=meeting(city), title=" ", department=d.west, due_on=None
        )
    assert set(refused.value.field_errors) == {"title", "department", "due_on"}
    with pytest.raises(ValidationError) as refused:
        services.resolution_record(
            actor=city.users["cadre_d1"], meeting=meeting(city), title="清欠", department=d.rs, due_on=date(2020, 1, 1)
        )
    assert refused.value.field_errors == {"due_on": ["办理期限不能早于今天。"]}


def test_a_cancelled_meeting_records_no_resolution(city: City) -> None:
    d = departments(city)
    m = services.meeting_cancel(actor=city.users["cadre_d1"], meeting=meeting(city), reason="改期")
    with pytest.raises(Conflict):
        resolution(m, d.rs)


def test_another_districts_cadre_may_not_record_a_resolution(city: City) -> None:
    d = departments(city)
    with pytest.raises(NotFound):
        services.resolution_record(
            actor=city.users["outsider"], meeting=meeting(city), title="x", department=d.rs, due_on=date(2030, 1, 1)
        )


def test_the_liaison_sees_and_answers_only_its_departments_resolutions(city: City) -> None:
    d = departments(city)
    m = meeting(city)
    ours = resolution(m, d.rs)
    theirs = resolution(m, d.zj, title="工地实名制检查")
    liaison = city.users["liaison_d1"]
    assert list(selectors.resolutions_for(liaison)) == [ours]
    assert list(selectors.meetings_for(liaison)) == []
    task_services.task_progress(actor=liaison, task=ours.task, text="已部署")
    with pytest.raises(NotFound):  # another department's task is out of its sight
        task_services.task_progress(actor=liaison, task=theirs.task, text="不归我")
    client = city.client("liaison_d1")
    assert client.get(reverse("meetings:resolution", args=[ours.pk])).status_code == 200
    assert client.get(reverse("meetings:resolution", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting", args=[m.pk])).status_code == 404


def test_a_resolution_falls_overdue_the_day_after_its_due_date_and_surfaces_on_the_next_agenda(city: City) -> None:
    d = departments(city)
    with time_machine.travel(MONDAY, tick=False):
        first = meeting(city, on=date(2026, 3, 2), title="第一次联席会议")
        r = resolution(first, d.rs, due_on=date(2026, 3, 9))
        second = meeting(city, on=date(2026, 3, 20), title="第二次联席会议")
    sweeper = SystemActor("supervision_deadlines")
    with time_machine.travel(at(9, 23), tick=False):
        assert deadline_sweep(actor=sweeper).as_dict()["overdue"] == 0  # the due day itself is in time
        assert [i.overdue for i in agenda.items(second) if i.kind == ItemKind.RESOLUTION] == [False]
    with time_machine.travel(at(10), tick=False):
        assert deadline_sweep(actor=sweeper).as_dict()["overdue"] == 1
        assert [i.overdue for i in agenda.items(second) if i.kind == ItemKind.RESOLUTION] == [True]
        body = city.client("cadre_d1").get(reverse("api:resolution_list")).json()["items"]
        assert [(x["id"], x["overdue"]) for x in body] == [(r.pk, True)]
    with time_machine.travel(at(11), tick=False):
        assert deadline_sweep(actor=sweeper).as_dict()["overdue"] == 0
        task_services.task_close(actor=city.users["liaison_d1"], task=r.task, evidence="已清欠")
        assert [i for i in agenda.items(second) if i.kind == ItemKind.RESOLUTION] == []
    told = Notification.objects.filter(kind="supervision.task_overdue", user=city.users["liaison_d1"])
    assert told.count() == 1
    r.task.refresh_from_db()
    assert r.task.status == TaskStatus.DONE


def test_meeting_errors_come_all_at_once(city: City) -> None:
    d = departments(city)
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(actor=SYSTEM, org=city.u1, title="", date=None, departments=[d.west])  # type: ignore[arg-type]
    assert set(refused.value.field_errors) == {"org", "title", "date"}
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(actor=SYSTEM, org=city.d1, title="会", date=date(2026, 3, 2), departments=[d.west])
    assert set(refused.value.field_errors) == {"departments"}
