"""Organizing tasks (建会任务): generated from the gaps, assigned to the cadre answerable, closed only once the
new union exists in the tree."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.coverage import services
from unionhall.coverage.models import OrganizingTask, TaskKind, TaskStatus
from unionhall.coverage.tests.support import load_divisions
from unionhall.notifications.models import Notification
from unionhall.orgs import services as org_services
from unionhall.orgs.models import Employer, Grant, GrassrootsKind, OrgLevel, Role
from unionhall.responsibility import services as responsibility_services
from unionhall.responsibility.models import Frequency, Kind, Line
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City, make_unit, uscc


@pytest.fixture
def town(city: City) -> City:
    load_divisions(city)
    return city


def test_generating_makes_one_task_per_gap_in_the_subtree(town: City) -> None:
    created = services.organizing_tasks_generate(actor=town.users["cadre_d1"], org=town.d1)
    assert {(t.kind, t.target_name) for t in created} == {
        (TaskKind.EMPLOYER, "东区未建会商贸公司"),  # 40 employees, no union; E1 is covered
        (TaskKind.VILLAGE, "东二村村民委员会"),  # 东一村 has U2
        (TaskKind.COMMUNITY, "东风社区居民委员会"),
    }
    assert {t.org_id for t in created} == {town.t1.pk}


def test_generating_again_duplicates_nothing(town: City) -> None:
    services.organizing_tasks_generate(actor=town.users["cadre_d1"], org=town.d1)
    assert services.organizing_tasks_generate(actor=town.users["cadre_t1"], org=town.t1) == []
    again = services.organizing_tasks_generate(actor=SYSTEM, org=town.city)
    assert {t.target_name for t in again} == {"西一村村民委员会", "西湖社区居民委员会", "北一村村民委员会"}
    assert OrganizingTask.objects.count() == 6
    event = AuditEvent.objects.filter(action="organizing_tasks.generate").latest("id")
    assert event.changes == {"created": 3, "employer": 0, "village": 2, "community": 1}


def test_the_city_generates_for_villages_no_district_answers_for(town: City) -> None:
    created = services.organizing_tasks_generate(actor=SYSTEM, org=town.city)
    by_target = {t.target_name: t for t in created}
    assert by_target["北一村村民委员会"].org_id == town.city.pk
    assert by_target["西一村村民委员会"].org_id == town.t2.pk


def test_employers_below_the_threshold_get_no_task(town: City) -> None:
    Employer.objects.filter(pk=town.e0.pk).update(employee_count=24)
    created = services.organizing_tasks_generate(actor=town.users["cadre_t1"], org=town.t1)
    assert TaskKind.EMPLOYER not in {t.kind for t in created}


def test_without_assignments_a_task_goes_by_default_to_the_cadre_of_the_nearest_unit_with_one(town: City) -> None:
    created = {t.target_name: t for t in services.organizing_tasks_generate(actor=SYSTEM, org=town.city)}
    assert created["东区未建会商贸公司"].assignee == town.users["cadre_t1"]  # T1 has its own cadre
    assert created["西一村村民委员会"].assignee == town.users["outsider"]  # T2 has none: D2's cadre answers
    assert created["北一村村民委员会"].assignee is None  # the city has an admin but no federation cadre


def test_a_task_goes_to_the_cadre_holding_the_area_for_organizing_and_its_page_shows_the_basis(town: City) -> None:
    responsibility_services.assignment_create(
        actor=SYSTEM,
        cadre=town.users["cadre_d1"],
        kind=Kind.AREA,
        unit=town.t1,
        lines=list(Line.objects.filter(code="organizing")),
    )
    created = {t.target_name: t for t in services.organizing_tasks_generate(actor=SYSTEM, org=town.city)}
    task = created["东区未建会商贸公司"]
    assert task.assignee == town.users["cadre_d1"]  # the area's holder, not T1's own cadre
    assert created["西一村村民委员会"].assignee == town.users["outsider"]  # no area in D2: the default
    page = town.client("cadre_d1").get(reverse("coverage:task", args=[task.pk])).content.decode()
    assert "包片</span>" in page


def test_a_reviewer_may_not_generate_and_an_outsider_does_not_see_the_unit(town: City) -> None:
    with pytest.raises(PermissionDenied):
        services.organizing_tasks_generate(actor=town.users["reviewer_d1"], org=town.t1)
    with pytest.raises(NotFound):
        services.organizing_tasks_generate(actor=town.users["outsider"], org=town.t1)
    assert not OrganizingTask.objects.exists()


def employer_task(town: City) -> OrganizingTask:
    services.organizing_tasks_generate(actor=SYSTEM, org=town.t1)
    return OrganizingTask.objects.get(employer=town.e0)


def test_a_task_cannot_close_before_the_union_exists(town: City) -> None:
    task = employer_task(town)
    with pytest.raises(Conflict, match="尚无工会覆盖"):
        services.organizing_task_close(actor=town.users["cadre_t1"], task=task)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_task_closes_once_the_new_union_covers_the_employer(town: City) -> None:
    task = employer_task(town)
    union = org_services.orgunit_create(
        actor=town.users["cadre_t1"],
        parent=town.t1,
        code="D1-T1-U5",
        level=OrgLevel.GRASSROOTS,
        name="东区商贸公司工会",
        kind=GrassrootsKind.ENTERPRISE,
    )
    org_services.employer_update(actor=town.users["cadre_t1"], employer=town.e0, union=union)
    closed = services.organizing_task_close(actor=town.users["cadre_t1"], task=task)
    assert (closed.status, closed.closing_union, closed.closed_by) == (
        TaskStatus.CLOSED,
        union,
        town.users["cadre_t1"],
    )
    with pytest.raises(Conflict, match="已经结项"):
        services.organizing_task_close(actor=town.users["cadre_t1"], task=task)
    # The gap is gone: generating again makes no new task for it.
    assert services.organizing_tasks_generate(actor=SYSTEM, org=town.t1) == []


def test_a_village_task_closes_only_with_an_active_union_in_that_village(town: City) -> None:
    services.organizing_tasks_generate(actor=SYSTEM, org=town.t1)
    task = OrganizingTask.objects.get(division_id="320508001002")
    elsewhere = make_unit(
        town.t1,
        "D1-T1-U6",
        "东一村第二工会",
        OrgLevel.GRASSROOTS,
        kind=GrassrootsKind.VILLAGE,
        division_id="320508001001",
    )
    with pytest.raises(Conflict, match="尚无村（社区）工会"):
        services.organizing_task_close(actor=town.users["cadre_d1"], task=task)
    village_union = make_unit(
        town.t1, "D1-T1-U7", "东二村工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.VILLAGE, division_id="320508001002"
    )
    with pytest.raises(ValidationError):
        services.organizing_task_close(actor=town.users["cadre_d1"], task=task, union=elsewhere)
    closed = services.organizing_task_close(actor=town.users["cadre_d1"], task=task, union=village_union)
    assert closed.closing_union == village_union


def test_a_reviewer_cannot_close_a_task(town: City) -> None:
    task = employer_task(town)
    Employer.objects.filter(pk=town.e0.pk).update(union=town.u1)
    with pytest.raises(PermissionDenied):
        services.organizing_task_close(actor=town.users["reviewer_d1"], task=task)


def test_a_task_is_assigned_only_to_a_cadre_answerable_for_its_area(town: City) -> None:
    task = employer_task(town)
    assigned = services.organizing_task_assign(actor=town.users["cadre_d1"], task=task, user=town.users["cadre_d1"])
    assert assigned.assignee == town.users["cadre_d1"]
    for wrong in ("outsider", "chair_u1", "reviewer_d1"):
        with pytest.raises(ValidationError) as refused:
            services.organizing_task_assign(actor=town.users["cadre_d1"], task=task, user=town.users[wrong])
        assert refused.value.field_errors["assignee"] == ["只能分派给负责该区域建会工作的干部。"]
    assert services.organizing_task_assign(actor=town.users["cadre_d1"], task=task, user=None).assignee is None


def test_the_page_generates_and_lists_the_tasks_of_the_chosen_subtree(town: City) -> None:
    client = town.client("cadre_t1")
    response = client.post(reverse("coverage:tasks_generate", kwargs={"pk": town.t1.pk}), follow=True)
    assert "已为「东一街道总工会」生成 3 项建会任务" in response.content.decode()
    assert [t.target_name for t in response.context["page"]] == [
        "东区未建会商贸公司",
        "东二村村民委员会",
        "东风社区居民委员会",
    ]
    again = client.post(reverse("coverage:tasks_generate", kwargs={"pk": town.t1.pk}), follow=True)
    assert "没有新的建会缺口" in again.content.decode()


def test_closing_on_the_page_says_why_it_cannot_yet(town: City) -> None:
    task = employer_task(town)
    client = town.client("cadre_t1")
    response = client.post(reverse("coverage:task_close", kwargs={"pk": task.pk}), follow=True)
    assert "尚无工会覆盖" in response.content.decode()
    Employer.objects.filter(pk=town.e0.pk).update(union=town.u1)
    page = client.get(reverse("coverage:task", kwargs={"pk": task.pk}))
    assert page.context["ready"] is True
    response = client.post(reverse("coverage:task_close", kwargs={"pk": task.pk}), follow=True)
    assert "任务已结项：新建工会「东方机械公司工会」" in response.content.decode()


def test_the_assign_form_offers_only_the_cadres_answerable_for_the_area(town: City) -> None:
    task = employer_task(town)
    client = town.client("cadre_d1")
    page = client.get(reverse("coverage:task", kwargs={"pk": task.pk}))
    offered = {label for value, label in page.context["form"].fields["assignee"].choices if value}
    assert offered == {
        f"cadre_d1（{town.d1.name}干部）",
        f"cadre_t1（{town.t1.name}干部）",
        f"city_admin（{town.city.name}管理员）",
    }
    Grant.objects.filter(user=town.users["cadre_t1"]).update(role=Role.REVIEWER)  # lost the role meanwhile
    response = client.post(
        reverse("coverage:task_assign", kwargs={"pk": task.pk}), {"assignee": town.users["cadre_t1"].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assignee"]
    task.refresh_from_db()
    assert task.assignee == town.users["cadre_t1"]  # unchanged


def test_only_my_tasks_when_asked(town: City) -> None:
    services.organizing_tasks_generate(actor=SYSTEM, org=town.city)
    response = town.client("cadre_t1").get(reverse("coverage:tasks"), {"mine": "on"})
    assert {t.assignee_id for t in response.context["page"]} == {town.users["cadre_t1"].pk}
    response = town.client("cadre_d1").get(reverse("coverage:tasks"), {"org": "D2"})
    assert list(response.context["page"]) == []
    assert response.context["form"].errors["org"] == ["在您的权限范围内没有这个编码的组织。"]


def test_another_employer_in_the_same_town_gets_its_own_task(town: City) -> None:
    services.organizing_tasks_generate(actor=SYSTEM, org=town.t1)
    Employer.objects.create(name="东区新开超市", uscc=uscc("320508GGGG6666"), org=town.t1, employee_count=80)
    created = services.organizing_tasks_generate(actor=SYSTEM, org=town.t1)
    assert [t.target_name for t in created] == ["东区新开超市"]


def test_the_task_export_lists_the_tasks_in_scope(town: City) -> None:
    import io

    from python_calamine import CalamineWorkbook

    services.organizing_tasks_generate(actor=SYSTEM, org=town.city)
    response = town.client("cadre_t1").get(reverse("coverage:tasks_export"))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][:3] == ["类型", "对象", "统一社会信用代码/区划代码"]
    assert {(r[1], r[3], r[4]) for r in rows[1:]} == {
        ("东区未建会商贸公司", "东一街道总工会", "cadre_t1"),
        ("东二村村民委员会", "东一街道总工会", "cadre_t1"),
        ("东风社区居民委员会", "东一街道总工会", "cadre_t1"),
    }


def test_the_nightly_command_generates_for_the_whole_tree_once(town: City) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("generate_organizing_tasks", stdout=out)
    assert json.loads(out.getvalue()) == {"org": "C", "created": 6, "community": 2, "employer": 1, "village": 3}
    out = StringIO()
    call_command("generate_organizing_tasks", "--org", "D1", stdout=out)
    assert json.loads(out.getvalue()) == {"org": "D1", "created": 0}
    assert (
        AuditEvent.objects.filter(
            action="organizing_tasks.generate", actor_name="manage.py generate_organizing_tasks"
        ).count()
        == 2
    )


@pytest.mark.parametrize(("holder", "expected"), [("point", "cadre_d1"), ("area", "cadre_d1"), ("default", "cadre_t1")])
def test_new_tasks_tell_the_cadre_who_answers_for_organizing_once(town: City, holder: str, expected: str) -> None:
    organizing = list(Line.objects.filter(code="organizing"))
    if holder != "default":
        responsibility_services.assignment_create(
            actor=SYSTEM,
            cadre=town.users["cadre_d1"],
            kind=Kind.POINT if holder == "point" else Kind.AREA,
            unit=town.t1 if holder == "point" else town.d1,
            lines=organizing,
            **({"frequency": Frequency.QUARTERLY} if holder == "point" else {}),
        )
    created = services.organizing_tasks_generate(actor=town.users["cadre_d1"], org=town.d1)
    assert {t.assignee for t in created} == {town.users[expected]}
    told = Notification.objects.filter(kind="coverage.organizing_task")
    assert [n.user for n in told] == [town.users[expected]]
    assert told.get().title == "新的建会任务 3 项"
    services.organizing_tasks_generate(actor=town.users["cadre_d1"], org=town.d1)  # nothing new: nobody told
    assert told.count() == 1
