"""The supervision pages: the list's filters and counts, a manual task opened from the form, a task's step bar
and buttons, the liaison's own page, and what a liaison and an outsider are refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionhall.supervision.models import SupervisedTask, TaskStatus
from unionhall.supervision.tests.support import departments, task
from unionhall.tests.city import City
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def test_a_district_cadre_opens_a_task_for_a_department_due_in_five_working_days(city: City) -> None:
    d = departments(city)
    client = city.client("cadre_d1")
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(
            reverse("supervision:task_create"),
            {"org": city.t1.code, "title": "督促欠薪企业发放工资", "department": d.rs.pk, "due_workdays": 5},
        )
    made = SupervisedTask.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:task", args=[made.pk])
    assert (made.department, made.due_on, made.source_kind) == (d.rs, date(2026, 3, 9), "manual")


def test_every_mistake_of_the_create_form_shows_at_once(city: City) -> None:
    response = city.client("cadre_d1").post(reverse("supervision:task_create"), {"org": city.t1.code})
    errors = response.context["form"].errors
    assert {"title", "responsible_user", "due_on"} <= set(errors)
    assert not SupervisedTask.objects.exists()


def test_the_create_form_offers_no_department_of_another_district(city: City) -> None:
    departments(city)
    text = city.client("cadre_d1").get(reverse("supervision:task_create")).content.decode()
    assert "东区总工会 人社局" in text and "西区总工会 人社局" not in text


def test_the_task_page_shows_the_step_bar_and_the_liaisons_buttons(city: City) -> None:
    t = task(city, department=departments(city).rs)
    text = city.client("liaison_d1").get(reverse("supervision:task", args=[t.pk])).content.decode()
    assert 'data-step="progress"' in text and 'data-step="close"' in text
    assert 'data-step="cancel"' not in text  # the supervising federation's step
    manager = city.client("cadre_d1").get(reverse("supervision:task", args=[t.pk])).content.decode()
    assert 'data-step="cancel"' in manager and "data-confirm=" in manager


def test_a_liaison_gets_404_on_another_departments_task_and_step(city: City) -> None:
    theirs = task(city, department=departments(city).zj)
    client = city.client("liaison_d1")
    assert client.get(reverse("supervision:task", args=[theirs.pk])).status_code == 404
    url = reverse("supervision:task_step", args=[theirs.pk, "progress"])
    assert client.post(url, {"text": "越权"}).status_code == 404
    assert client.get(reverse("api:task_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("supervision:tasks")).status_code == 404


def test_the_liaison_closes_a_task_with_a_file_from_the_page(city: City) -> None:
    t = task(city, department=departments(city).rs)
    client = city.client("liaison_d1")
    upload = SimpleUploadedFile("发放凭证.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(reverse("supervision:task_step", args=[t.pk, "close"]), {"evidence": "", "upload": upload})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.status == TaskStatus.DONE
    page = client.get(reverse("supervision:task", args=[t.pk])).content.decode()
    assert "发放凭证.pdf" in page
    file_url = reverse("supervision:task_file", args=[t.pk, t.files.get().pk])
    download = client.get(file_url)
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_closing_without_evidence_is_refused_at_the_field(city: City) -> None:
    t = task(city)
    response = city.client("cadre_t1").post(reverse("supervision:task_step", args=[t.pk, "close"]), {"evidence": ""})
    assert response.status_code == 200 and "请填写办结情况或上传佐证材料" in response.content.decode()


def test_the_list_filters_overdue_and_due_soon_and_counts_my_tasks(city: City) -> None:
    with time_machine.travel(MONDAY, tick=False):
        late = task(city, title="已超期的事项", due_workdays=1)
        soon = task(city, title="本周到期的事项", due_on=date(2026, 3, 12))
        task(city, title="下月到期的事项", due_on=date(2026, 4, 20))
    client = city.client("cadre_t1")
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        overdue = client.get(reverse("supervision:tasks"), {"status": "active", "overdue": "on"})
        within = client.get(reverse("supervision:tasks"), {"status": "active", "due_within": 3})
        home = client.get(reverse("console:home"))
    assert [t.pk for t in overdue.context["page"]] == [late.pk]
    assert [t.pk for t in within.context["page"]] == [soon.pk]
    assert overdue.context["mine_count"] == 3 and overdue.context["overdue_count"] == 1
    labels = {item["label"]: item["count"] for item in home.context["todo"]}
    assert labels["我负责的督办事项"] == 3 and labels["我负责的督办事项已超期"] == 1


def test_the_liaison_starts_on_its_departments_page(city: City) -> None:
    task(city, department=departments(city).rs, title="人社局的事项")
    client = city.client("liaison_d1")
    home = client.get(reverse("console:home"))
    assert home["Location"] == reverse("supervision:liaison_home")
    page = client.get(home["Location"]).content.decode()
    assert "人社局的事项" in page
    for foreign in ("orgs:tree", "members:list", "rights:case_list", "coverage:tasks", "assistance:archive_list"):
        assert client.get(reverse(foreign)).status_code == 404, foreign


def test_the_department_list_masks_phones_and_only_its_keeper_edits(city: City) -> None:
    d = departments(city)
    text = city.client("cadre_d1").get(reverse("supervision:departments")).content.decode()
    assert "139****1111" in text and "13900001111" not in text
    url = reverse("supervision:department", args=[d.rs.pk])
    assert city.client("reviewer_d1").post(url, {"name": "x", "short_name": "y"}).status_code == 403
    response = city.client("cadre_d1").post(url, {"name": d.rs.name, "short_name": "人社", "active": "on"})
    assert response.status_code == 302
    d.rs.refresh_from_db()
    assert d.rs.short_name == "人社"


def test_the_keeper_corrects_a_liaisons_contact_and_the_login_shows_the_new_name(city: City) -> None:
    d = departments(city)
    contact = d.rs.liaisons.get(user=city.users["liaison_d1"])
    url = reverse("supervision:liaison_edit", args=[contact.pk])
    page = city.client("cadre_d1").get(reverse("supervision:department", args=[d.rs.pk])).content.decode()
    assert f'href="{url}"' in page
    refused = city.client("cadre_d1").post(url, {"name": " ", "post": "科长", "phone": "12"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "请填写联络人姓名" in body and "手机号" in body
    contact.refresh_from_db()
    assert (contact.name, contact.phone) == ("孙联络", "13900001111")  # nothing half-saved
    done = city.client("cadre_d1").post(url, {"name": "孙新", "post": "副局长", "phone": "13900002222"})
    assert done.status_code == 302
    contact.refresh_from_db()
    city.users["liaison_d1"].refresh_from_db()
    assert (contact.name, contact.post, contact.phone) == ("孙新", "副局长", "13900002222")
    assert city.users["liaison_d1"].display_name == "孙新"
    assert city.client("reviewer_d1").post(url, {"name": "x"}).status_code == 403
    assert city.client("outsider").get(url).status_code == 404
