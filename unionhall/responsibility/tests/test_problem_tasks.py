"""A problem raised on a visit handed on as a 督办 task: the cadre who answers for the point's unit on the
chosen line gets it and is told once; the problem shows the task, and is settled only through it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from unionhall.core.errors import Conflict, NotFound
from unionhall.notifications.models import Notification
from unionhall.responsibility import selectors, services
from unionhall.responsibility.models import Line, Visit, VisitProblem
from unionhall.responsibility.tests.support import area, point
from unionhall.supervision import selectors as task_selectors
from unionhall.supervision import services as task_services
from unionhall.supervision.models import TaskStatus
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def problem(city: City, *codes: str) -> VisitProblem:
    p = point(city.users["cadre_t1"], city.u1, *codes)
    visit = services.visit_record(
        actor=city.users["cadre_t1"],
        assignment=p,
        visited_on=date(2025, 3, 2),
        purpose="了解职工诉求",
        findings="职工反映加班费未足额发放",
        problems=["加班费未足额发放"],
    )
    return visit.problems.get()  # type: ignore[attr-defined]


def told(user: object, task_pk: int) -> int:
    return Notification.objects.filter(user=user, url=f"/supervision/tasks/{task_pk}/").count()


@pytest.mark.parametrize(
    ("holder", "expected"),
    [("point", "cadre_d1"), ("area", "cadre_d1"), ("default", "cadre_t1")],
)
def test_the_task_goes_to_who_answers_for_the_line_and_tells_them_once(city: City, holder: str, expected: str) -> None:
    x = problem(city, "organizing")  # cadre_t1 holds U1 as a point for organizing only
    if holder == "point":
        point(city.users["cadre_d1"], city.u1, "rights")
    elif holder == "area":
        area(city.users["cadre_d1"], city.t1, "rights")
    with time_machine.travel(date(2025, 3, 3)):
        task = services.visit_problem_supervise(
            actor=city.users["cadre_d1"], problem=x, line=Line.objects.get(code="rights"), due_workdays=10
        )
    assert task.responsible_user == city.users[expected]
    assert task.title == "加班费未足额发放" and task.org == city.u1
    assert task.due_on == date(2025, 3, 17)  # ten working days from Monday 3 March
    assert told(city.users[expected], task.pk) == 1


def test_without_a_line_the_cadre_holding_the_point_answers(city: City) -> None:
    x = problem(city)
    task = services.visit_problem_supervise(actor=city.users["cadre_d1"], problem=x, due_on=date(2099, 1, 1))
    assert task.responsible_user == city.users["cadre_t1"]
    assert list(task_selectors.tasks_from("visit_problem", x.pk)) == [task]
    assert told(city.users["cadre_t1"], task.pk) == 1


def test_a_problem_becomes_one_task_and_is_settled_only_through_it(city: City) -> None:
    x = problem(city)
    task = services.visit_problem_supervise(actor=city.users["cadre_d1"], problem=x, due_workdays=5)
    with pytest.raises(Conflict):
        services.visit_problem_supervise(actor=city.users["cadre_d1"], problem=x, due_workdays=5)
    with pytest.raises(Conflict):
        services.visit_problem_close(actor=city.users["cadre_d1"], problem=x, resolution="已整改")
    task_services.task_close(actor=city.users["cadre_t1"], task=task, evidence="已补发加班费")
    shown = selectors.problem_tasks(city.users["cadre_d1"], Visit.objects.get(pk=x.visit_id))
    assert shown[x.pk].status == TaskStatus.DONE


def test_a_cadre_out_of_reach_cannot_hand_the_problem_on(city: City) -> None:
    x = problem(city)
    with pytest.raises(NotFound):
        services.visit_problem_supervise(actor=city.users["outsider"], problem=x, due_workdays=5)
    assert not task_selectors.tasks_from("visit_problem", x.pk).exists()


def test_the_visit_page_hands_a_problem_on_in_one_action(city: City) -> None:
    x = problem(city)
    client = city.client("cadre_d1")
    page = client.get(f"/responsibility/visits/{x.visit_id}/")
    assert "转为督办事项" in page.content.decode()
    answer = client.post(f"/responsibility/problems/{x.pk}/supervise/", {"line": "", "due_workdays": "10"})
    assert answer.status_code == 302
    task = task_selectors.tasks_from("visit_problem", x.pk).get()
    page = client.get(f"/responsibility/visits/{x.visit_id}/").content.decode()
    assert f"/supervision/tasks/{task.pk}/" in page and "supervise/" not in page
    again = client.post(f"/responsibility/problems/{x.pk}/supervise/", {"due_workdays": "10"})
    assert again.status_code == 302  # handed on already: a conflict, said on the visit page
    bad = client.post(f"/responsibility/problems/{x.pk}/supervise/", {"due_workdays": "0"})
    assert bad.status_code == 200 and "办理期限" in bad.content.decode()  # refused at the field
    assert city.client("outsider").post(f"/responsibility/problems/{x.pk}/supervise/", {}).status_code == 404
