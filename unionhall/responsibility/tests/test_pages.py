"""The responsibility pages: the map with its gaps and export, a cadre's page, assignment and visit forms,
the overdue list; each with the outsider, who gets 404."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.core.models import AuditEvent
from unionhall.responsibility.models import Assignment, AssignmentChange, Frequency, Kind, Line, Visit
from unionhall.responsibility.tests.support import area, point
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_map_shows_who_answers_with_the_basis_and_marks_the_default_as_a_gap(city: City) -> None:
    area(city.users["cadre_d1"], city.t1, "organizing")
    point(city.users["cadre_t1"], city.u1)
    page = city.client("cadre_d1").get(reverse("responsibility:map"), {"org": city.d1.code, "line": "organizing"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "定点联系" in text and "包片" in text
    gaps = city.client("cadre_d1").get(reverse("responsibility:map"), {"org": city.d1.code, "gaps": "on"})
    listed = gaps.content.decode()
    assert "东一街道总工会" in listed  # T1's own lines besides organizing fall to the default
    only = city.client("cadre_d1").get(
        reverse("responsibility:map"), {"org": city.d1.code, "gaps": "on", "line": "organizing"}
    )
    assert "东方机械公司工会" not in only.content.decode()  # a point and an area cover organizing there


def test_the_map_export_writes_one_row_per_unit_with_each_lines_answer(city: City) -> None:
    area(city.users["cadre_d1"], city.t1)
    response = city.client("cadre_d1").get(reverse("responsibility:map_export"), {"org": city.d1.code})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    table = rows.to_python()
    assert table[0][:4] == ["单位", "编码", "层级", "帮扶"]
    by_code = {r[1]: r for r in table[1:]}
    assert set(by_code) == {"D1-T1", "D1-T1-U1", "D1-T1-U1-B1", "D1-T1-U2"}
    assert "（包片）" in by_code["D1-T1-U2"][3]
    assert AuditEvent.objects.filter(action="responsibility.export").exists()


def test_a_district_admin_assigns_a_point_and_the_form_refuses_a_cadre_out_of_the_units_reach(city: City) -> None:
    client = city.client("cadre_d1")
    organizing = Line.objects.get(code="organizing")
    form = {
        "cadre": city.users["cadre_t1"].pk,
        "kind": Kind.POINT,
        "org": city.u1.code,
        "lines": [organizing.pk],
        "frequency": Frequency.QUARTERLY,
        "starts_on": "2026-01-01",
    }
    response = client.post(reverse("responsibility:assignment_new"), form)
    a = Assignment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("responsibility:assignment", args=[a.pk])
    assert AssignmentChange.objects.filter(assignment=a, action="create").exists()
    again = client.post(reverse("responsibility:assignment_new"), form | {"frequency": ""})
    assert again.status_code == 200
    assert "定点须选择走访频次" in again.content.decode()
    assert Assignment.objects.count() == 1
    outsider = city.client("outsider").post(reverse("responsibility:assignment_new"), form)
    assert outsider.status_code == 200  # the form: the unit is not in the outsider's reach
    assert Assignment.objects.count() == 1


def test_a_visit_logged_on_the_form_shows_on_the_cadres_page_with_its_problem(city: City) -> None:
    p = point(city.users["cadre_t1"], city.u1, starts_on=timezone.localdate() - timedelta(days=30))
    client = city.client("cadre_t1")
    response = client.post(
        reverse("responsibility:visit_new", args=[p.pk]),
        {
            "visited_on": timezone.localdate().isoformat(),
            "companions": "李四",
            "purpose": "季度走访",
            "findings": "生产正常",
            "problems": "职工书屋未开放\n\n",
        },
    )
    v = Visit.objects.get()
    assert response.status_code == 302
    assert [x.text for x in v.problems.all()] == ["职工书屋未开放"]
    cadre_page = client.get(reverse("responsibility:cadre", args=[city.users["cadre_t1"].pk])).content.decode()
    assert "季度走访" in cadre_page and "待解决" in cadre_page
    assert city.client("outsider").get(reverse("responsibility:visit", args=[v.pk])).status_code == 404


def test_the_overdue_list_names_the_point_and_the_cadres_todo_counts_it(city: City) -> None:
    today = timezone.localdate()
    point(city.users["cadre_t1"], city.u1, frequency=Frequency.MONTHLY, starts_on=date(today.year - 1, 1, 1))
    page = city.client("cadre_t1").get(reverse("responsibility:overdue"), {"mine": "on"}).content.decode()
    assert "东方机械公司工会" in page and "从未走访" in page
    home = city.client("cadre_t1").get(reverse("console:home")).content.decode()
    assert "定点走访逾期" in home
    assert "东方机械公司工会" not in city.client("outsider").get(reverse("responsibility:overdue")).content.decode()


def test_ending_an_assignment_from_its_page_keeps_it_in_the_history(city: City) -> None:
    a = area(city.users["cadre_t1"], city.t1)
    response = city.client("cadre_d1").post(
        reverse("responsibility:assignment_end", args=[a.pk]), {"ends_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.ends_on == timezone.localdate()
    page = city.client("cadre_d1").get(reverse("responsibility:assignment", args=[a.pk])).content.decode()
    assert "终止" in page


def test_the_city_admin_adds_a_line_and_a_district_cadre_may_only_read_them(city: City) -> None:
    admin = city.client("city_admin")
    response = admin.post(reverse("responsibility:lines"), {"code": "libraries", "name": "职工书屋", "order": 80})
    assert response.status_code == 302 and Line.objects.filter(code="libraries", name="职工书屋").exists()
    again = admin.post(reverse("responsibility:lines"), {"code": "libraries", "name": "书屋", "order": 81})
    assert "已有这个代码的管线" in again.content.decode()
    cadre = city.client("cadre_d1")
    assert "职工书屋" in cadre.get(reverse("responsibility:lines")).content.decode()
    assert cadre.post(reverse("responsibility:lines"), {"code": "x", "name": "某线", "order": 1}).status_code == 403
    assert not Line.objects.filter(code="x").exists()
