"""Authorization specs of the supervision routes, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1–§2 and the app's rule: city admins and federation cadres supervise tasks in their
subtree (`task.manage`), grassroots staff and reviewers read those about their units (`task.view`); a
department's liaison (`liaison_d1`, 东区 人社局) sees and answers only its department's tasks and has no other
page — every other module's route answers it 404 by the same table. The task below concerns T1 and is given
to 东区 人社局; 西区 has a task of its own that no D1 actor may see.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from unionhall.supervision import services
from unionhall.supervision.models import Liaison, TaskFile
from unionhall.supervision.tests.support import departments, task
from unionhall.tests.authz_support import ACTORS, Route, statuses
from unionhall.tests.city import City

TASKS_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
MANAGE_ANYWHERE = {"city_admin", "cadre_d1", "cadre_t1", "outsider"}
SEE_TASK = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "liaison_d1"}
HANDLE_TASK = {"city_admin", "cadre_d1", "cadre_t1", "liaison_d1"}
SEE_D1_DEPARTMENT = {"city_admin", "reviewer_d1", "cadre_d1"}
KEEP_D1_DEPARTMENT = {"city_admin", "cadre_d1"}
FOREIGN = "西区欠薪督办"


def both_sides(c: City) -> dict[str, Any]:
    d = departments(c)
    made = task(c, department=d.rs)
    task(c, department=d.west, org=c.t2, title=FOREIGN)
    return {"pk": made.pk}


def listed(c: City) -> dict[str, Any]:
    """For the lists: the rows on both sides, and no URL argument."""
    both_sides(c)
    return {}


def with_file(c: City) -> dict[str, Any]:
    kwargs = both_sides(c)
    made = services.task_progress(
        actor=c.users["cadre_t1"],
        task=task_of(kwargs),
        text="附约谈记录",
        upload=SimpleUploadedFile("记录.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    return kwargs | {"file_pk": TaskFile.objects.get(task=made).pk}


def task_of(kwargs: dict[str, Any]) -> Any:
    from unionhall.supervision.models import SupervisedTask

    return SupervisedTask.objects.get(pk=kwargs["pk"])


def step(name: str) -> Any:
    return lambda c: both_sides(c) | {"name": name}


def api(c: City) -> dict[str, Any]:
    return {"task_id": both_sides(c)["pk"]}


def d1_department(c: City) -> dict[str, Any]:
    both_sides(c)
    return {"pk": Liaison.objects.get(user=c.users["liaison_d1"]).department_id}


def zj_liaison(c: City) -> dict[str, Any]:
    both_sides(c)
    return {"pk": Liaison.objects.get(department__short_name="住建局").pk}


def page_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    for foreign in (FOREIGN, "西一街道总工会", "西区人力资源和社会保障局"):
        assert foreign not in text, f"{foreign} leaked"


def export_has_no_d2_rows(city: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert FOREIGN not in cells and "西区" not in cells


def api_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    assert FOREIGN not in text and "西区" not in text


LIAISON_ONLY = {a: 404 for a in ACTORS} | {"liaison_d1": 200, "anonymous": 302}
API_TASKS = statuses(TASKS_ANYWHERE | {"liaison_d1"}, anon=401)

ROUTES: dict[str, Route] = {
    "supervision:tasks": Route(listed, statuses(TASKS_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "supervision:tasks_export": Route(listed, statuses(TASKS_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "supervision:task_create": Route(
        expect=statuses(MANAGE_ANYWHERE, in_sight=TASKS_ANYWHERE), methods=("get", "post")
    ),
    "supervision:task": Route(both_sides, statuses(SEE_TASK)),
    "supervision:task_file": Route(with_file, statuses(SEE_TASK)),
    # An empty POST re-shows the form with its errors.
    "supervision:task_step": Route(step("progress"), statuses(HANDLE_TASK, in_sight=SEE_TASK), methods=("get", "post")),
    "supervision:departments": Route(listed, statuses(TASKS_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "supervision:departments_export": Route(listed, statuses(TASKS_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "supervision:department_create": Route(
        expect=statuses(MANAGE_ANYWHERE, in_sight=TASKS_ANYWHERE), methods=("get", "post")
    ),
    # Reading it; editing it (a POST) is for who keeps the directory: test_department_pages.py.
    "supervision:department": Route(d1_department, statuses(SEE_D1_DEPARTMENT)),
    "supervision:liaison_add": Route(
        d1_department, statuses(KEEP_D1_DEPARTMENT, in_sight=SEE_D1_DEPARTMENT), methods=("get", "post")
    ),
    "supervision:liaison_edit": Route(
        zj_liaison, statuses(KEEP_D1_DEPARTMENT, in_sight=SEE_D1_DEPARTMENT), methods=("get", "post")
    ),
    "supervision:liaison_remove": Route(
        zj_liaison, statuses(KEEP_D1_DEPARTMENT, ok=302, in_sight=SEE_D1_DEPARTMENT), methods=("post",)
    ),
    "supervision:liaison_home": Route(listed, LIAISON_ONLY),
    "api:task_list": Route(listed, API_TASKS, no_foreign=api_has_no_d2_rows),
    "api:task_detail": Route(api, statuses(SEE_TASK, anon=401)),
    "api:task_progress": Route(
        api,
        statuses(HANDLE_TASK, in_sight=SEE_TASK, anon=401),
        methods=("post",),
        body=lambda c: {"text": "已约谈企业"},
    ),
    "api:task_close": Route(
        api,
        statuses(HANDLE_TASK, in_sight=SEE_TASK, anon=401),
        methods=("post",),
        body=lambda c: {"evidence": "已足额发放"},
    ),
    "api:department_list": Route(listed, statuses(TASKS_ANYWHERE, anon=401), no_foreign=api_has_no_d2_rows),
}
