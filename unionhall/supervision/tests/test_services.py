"""Opening a supervised task and taking its steps: due dates in working days, the responsible party told,
evidence required to close, liaisons limited to their own department, every refusal leaving nothing behind."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.notifications.models import Notification
from unionhall.supervision import selectors, services, sources
from unionhall.supervision.models import SupervisedTask, TaskFile, TaskStatus
from unionhall.supervision.tests.support import departments, task
from unionhall.tests.city import City
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db
# A Monday in Shanghai with no holiday near.
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4 evidence"


def pdf(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_task_due_in_five_working_days_skips_the_weekend_and_reminds_three_working_days_before(city: City) -> None:
    with time_machine.travel(MONDAY, tick=False):
        t = task(city, due_workdays=5)
    assert (t.starts_on, t.due_on, t.remind_on) == (date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 4))
    assert t.due_workdays == 5


def test_a_due_date_over_a_holiday_counts_only_working_days(city: City) -> None:
    # 清明: Saturday 4 April to Monday 6 April 2026 off.
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        t = task(city, due_workdays=2)
    assert t.due_on == date(2026, 4, 7)


def test_opening_a_task_for_a_department_tells_its_liaisons_and_one_for_a_cadre_tells_the_cadre(city: City) -> None:
    d = departments(city)
    task(city, department=d.rs)
    task(city, user=city.users["cadre_d1"])
    told = Notification.objects.filter(kind="supervision.task_open").values_list("user__username", flat=True)
    assert sorted(told) == ["cadre_d1", "liaison_d1"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"due_workdays": None}, "due_on"),
        ({"due_workdays": 0}, "due_workdays"),
        ({"due_on": date(2020, 1, 1), "due_workdays": None}, "due_on"),
        ({"responsible_user": None, "department": None}, "responsible_user"),
    ],
)
def test_a_task_missing_what_it_needs_is_refused_at_the_field(city: City, changes: dict, field: str) -> None:
    values = {
        "org": city.t1,
        "title": "核查",
        "source": sources.Source("manual"),
        "responsible_user": city.users["cadre_t1"],
        "due_workdays": 5,
    } | changes
    with pytest.raises(ValidationError) as refused:
        services.task_open(actor=city.users["cadre_d1"], **values)
    assert field in refused.value.field_errors
    assert not SupervisedTask.objects.exists()


def test_a_task_goes_only_to_a_department_of_its_units_federation_or_above(city: City) -> None:
    d = departments(city)
    with pytest.raises(ValidationError) as refused:
        services.task_open(
            actor=city.users["cadre_d1"],
            org=city.t1,
            title="核查",
            source=sources.Source("manual"),
            department=d.west,
            due_workdays=5,
        )
    assert "department" in refused.value.field_errors


def test_a_cadre_outside_the_unit_is_neither_responsible_nor_may_open_one(city: City) -> None:
    with pytest.raises(ValidationError) as refused:
        task(city, user=city.users["outsider"])
    assert "responsible_user" in refused.value.field_errors
    with pytest.raises(NotFound):
        services.task_open(
            actor=city.users["outsider"],
            org=city.t1,
            title="核查",
            source=sources.Source("manual"),
            responsible_user=city.users["outsider"],
            due_workdays=5,
        )


def test_an_unregistered_source_kind_is_refused(city: City) -> None:
    with pytest.raises(ValidationError):
        services.task_open(
            actor=city.users["cadre_d1"],
            org=city.t1,
            title="核查",
            source=sources.Source("nothing_like_this", 3),
            responsible_user=city.users["cadre_t1"],
            due_workdays=5,
        )


def test_a_module_finds_the_tasks_its_row_opened(city: City) -> None:
    sources.register(sources.SourceKind("test_meeting", "测试会议决议", url=lambda pk: f"/meetings/{pk}/"))
    opened = services.task_open(
        actor=city.users["cadre_d1"],
        org=city.d1,
        title="决议一",
        source=sources.Source("test_meeting", 7, "第 1 次会议"),
        responsible_user=city.users["cadre_d1"],
        due_workdays=10,
    )
    task(city)  # manual, not the meeting's
    assert list(selectors.tasks_from("test_meeting", 7)) == [opened]
    assert list(selectors.tasks_from("test_meeting", [6, 7])) == [opened]
    assert not selectors.tasks_from("manual", 7).exists()
    assert sources.link(opened.source_kind, opened.source_id) == "/meetings/7/"


def test_the_liaison_records_progress_and_closes_with_a_file_as_evidence(city: City) -> None:
    d = departments(city)
    t = task(city, department=d.rs)
    liaison = city.users["liaison_d1"]
    services.task_progress(actor=liaison, task=t, text="已约谈企业负责人", upload=pdf("约谈记录.pdf"))
    t.refresh_from_db()
    assert t.status == TaskStatus.IN_PROGRESS
    services.task_close(actor=liaison, task=t, upload=pdf())
    t.refresh_from_db()
    assert (t.status, t.closed_by) == (TaskStatus.DONE, liaison)
    assert [e.step for e in t.events.all()] == ["open", "progress", "close"]
    assert sorted(TaskFile.objects.filter(task=t).values_list("name", flat=True)) == ["整改报告.pdf", "约谈记录.pdf"]


def test_closing_without_text_or_file_is_refused_and_writes_nothing(city: City) -> None:
    t = task(city)
    with pytest.raises(ValidationError) as refused:
        services.task_close(actor=city.users["cadre_t1"], task=t, evidence="  ")
    assert "evidence" in refused.value.field_errors
    t.refresh_from_db()
    assert t.status == TaskStatus.OPEN and t.events.count() == 1


def test_a_refused_file_leaves_the_step_undone(city: City) -> None:
    t = task(city)
    fake = SimpleUploadedFile("报告.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.task_progress(actor=city.users["cadre_t1"], task=t, text="进展", upload=fake)
    assert "upload" in refused.value.field_errors
    t.refresh_from_db()
    assert t.status == TaskStatus.OPEN and not TaskFile.objects.exists()


def test_a_liaison_cannot_touch_another_departments_task_and_may_not_cancel_its_own(city: City) -> None:
    d = departments(city)
    liaison = city.users["liaison_d1"]
    theirs = task(city, department=d.zj)
    with pytest.raises(NotFound):
        services.task_progress(actor=liaison, task=theirs, text="越权")
    own = task(city, department=d.rs)
    with pytest.raises(PermissionDenied):
        services.task_cancel(actor=liaison, task=own, reason="不想办")
    assert list(selectors.tasks_for(liaison)) == [own]


def test_cancel_needs_a_reason_and_reopening_takes_a_new_due_date(city: City) -> None:
    t = task(city)
    cadre = city.users["cadre_d1"]
    with pytest.raises(ValidationError):
        services.task_cancel(actor=cadre, task=t, reason="")
    done = services.task_close(actor=city.users["cadre_t1"], task=t, evidence="已办结")
    with pytest.raises(Conflict):
        services.task_cancel(actor=cadre, task=done, reason="误交办")
    reopened = services.task_reopen(actor=cadre, task=done, reason="整改不到位", due_on=date(2099, 1, 5))
    assert (reopened.status, reopened.due_on, reopened.evidence, reopened.closed_at) == (
        TaskStatus.IN_PROGRESS,
        date(2099, 1, 5),
        "",
        None,
    )


def test_a_task_is_seen_by_its_unit_and_the_federations_above_not_by_a_sibling_district(city: City) -> None:
    t = task(city)
    for name in ("cadre_d1", "cadre_t1", "reviewer_d1", "city_admin"):
        assert selectors.tasks_for(city.users[name]).filter(pk=t.pk).exists(), name
    for name in ("outsider", "chair_u3", "info_u1", "nobody", "liaison_d1"):
        assert not selectors.tasks_for(city.users[name]).filter(pk=t.pk).exists(), name


def test_a_department_liaison_who_left_sees_nothing_and_cannot_log_in(city: City) -> None:
    d = departments(city)
    task(city, department=d.rs)
    liaison = d.rs.liaisons.get(user=city.users["liaison_d1"])
    services.liaison_remove(actor=city.users["cadre_d1"], liaison=liaison)
    user = type(city.users["liaison_d1"]).objects.get(pk=city.users["liaison_d1"].pk)
    assert not user.is_active
    assert not selectors.tasks_for(user).exists()


def test_a_liaison_login_is_made_only_by_who_manages_users(city: City) -> None:
    d = departments(city)
    with pytest.raises(PermissionDenied):  # a district cadre sees the district, but makes no accounts
        services.liaison_add(
            actor=city.users["cadre_d1"], department=d.zj, name="吴", username="zj_liaison", password="Strong-pass-2026"
        )
    added = services.liaison_add(
        actor=city.users["city_admin"],
        department=d.zj,
        name="吴敏",
        post="办公室主任",
        phone="139 0000 2222",
        username="zj_liaison",
        password="Strong-pass-2026",
    )
    assert added.phone == "13900002222" and added.phone_masked == "139****2222"
    assert added.user is not None and added.user.grants.get().role == "dept_liaison"


def test_a_department_keeps_a_unique_short_name_per_federation(city: City) -> None:
    departments(city)
    with pytest.raises(ValidationError) as refused:
        services.department_create(actor=city.users["cadre_d1"], org=city.d1, name="东区人社局二", short_name="人社局")
    assert "short_name" in refused.value.field_errors
    with pytest.raises(ValidationError):
        services.department_create(actor=city.users["city_admin"], org=city.u1, name="企业", short_name="企业")
