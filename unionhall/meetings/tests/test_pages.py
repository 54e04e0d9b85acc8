"""The meeting pages: registering a meeting shows every error at once and keeps what was typed; the meeting's
page lists its agenda read from the data, its resolutions with their task's status and its minutes; the list
filters and exports only what is in reach; the agenda and minutes print as registered PDFs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.documents.models import IssuedDocument
from unionhall.meetings.models import Meeting, MeetingStatus, Resolution
from unionhall.meetings.tests.support import departments, meeting, resolution
from unionhall.tests import factories
from unionhall.tests.city import City
from unionhall.workcalendar import workdays

pytestmark = pytest.mark.django_db


def test_a_refused_meeting_shows_every_error_at_once_and_keeps_the_input(city: City) -> None:
    d = departments(city)
    client = city.client("cadre_d1")
    answer = client.post(
        reverse("meetings:create"),
        {"org": city.u1.code, "title": "", "date": "", "place": "区政府三楼", "departments": [d.rs.pk]},
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert set(errors) >= {"org", "title", "date"}
    assert "区政府三楼" in answer.content.decode()
    assert not Meeting.objects.exists()


def test_a_cadre_registers_a_meeting_with_departments_and_attendees(city: City) -> None:
    d = departments(city)
    client = city.client("cadre_d1")
    day = workdays.today() + timedelta(days=5)
    answer = client.post(
        reverse("meetings:create"),
        {
            "org": city.d1.code,
            "title": "2026年第二次联席会议",
            "date": day.isoformat(),
            "place": "区政府三楼",
            "departments": [d.rs.pk, d.zj.pk],
            "attendees": "张伟 副局长 区人社局\n李娜 主任 区总工会",
        },
    )
    m = Meeting.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("meetings:meeting", args=[m.pk])
    assert set(m.departments.all()) == {d.rs, d.zj} and m.org == city.d1
    page = client.get(answer["Location"]).content.decode()
    assert "张伟" in page and "副局长" in page and "人社局" in page


def test_the_meeting_page_shows_the_agenda_and_the_resolutions_with_their_status(city: City) -> None:
    d = departments(city)
    earlier = meeting(city, on=workdays.today() - timedelta(days=40), title="第一次联席会议")
    resolution(earlier, d.rs, title="清欠专项行动")
    risk = factories.risk(city.u1, level="red")
    m = meeting(city, title="第二次联席会议")
    client = city.client("cadre_d1")
    client.post(reverse("meetings:item_add", args=[m.pk]), {"title": "研究职工书屋建设"})
    page = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert risk.no in page and "第一次联席会议 决议 1：清欠专项行动" in page and "研究职工书屋建设" in page
    client.post(reverse("meetings:hold", args=[m.pk]))
    answer = client.post(
        reverse("meetings:resolution_record", args=[m.pk]),
        {"title": "建立欠薪联动处置机制", "department": d.zj.pk, "due_on": str(workdays.today() + timedelta(days=30))},
    )
    assert answer.status_code == 302
    page = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert "建立欠薪联动处置机制" in page and "待办理" in page
    assert Resolution.objects.get(meeting=m).task.department == d.zj  # type: ignore[union-attr]


def test_a_refused_resolution_keeps_its_input(city: City) -> None:
    departments(city)
    m = meeting(city)
    answer = city.client("cadre_d1").post(
        reverse("meetings:resolution_record", args=[m.pk]), {"title": "建立联动机制", "department": "", "due_on": ""}
    )
    assert answer.status_code == 200
    assert set(answer.context["form"].errors) == {"department", "due_on"}
    assert "建立联动机制" in answer.content.decode()


def test_minutes_wait_for_the_meeting_to_be_held(city: City) -> None:
    m = meeting(city)
    client = city.client("cadre_d1")
    url = reverse("meetings:minutes", args=[m.pk])
    client.post(url, {"minutes": "会议研究了清欠工作。"})
    m.refresh_from_db()
    assert m.minutes == ""
    client.post(reverse("meetings:hold", args=[m.pk]))
    client.post(url, {"minutes": "会议研究了清欠工作。"})
    m.refresh_from_db()
    assert m.status == MeetingStatus.HELD and m.minutes == "会议研究了清欠工作。"


def test_the_list_filters_by_status_and_exports_only_what_is_in_reach(city: City) -> None:
    meeting(city, title="东区联席会议")
    meeting(city, org=city.d2, title="西区联席会议")
    client = city.client("cadre_d1")
    page = client.get(reverse("meetings:list"), {"status": "planned"}).content.decode()
    assert "东区联席会议" in page and "西区联席会议" not in page
    assert "东区联席会议" not in client.get(reverse("meetings:list"), {"status": "held"}).content.decode()
    export = client.get(reverse("meetings:export"))
    assert export.status_code == 200
    assert AuditEvent.objects.filter(action="meeting.export", success=True).exists()


def test_the_agenda_and_minutes_print_as_registered_pdfs(city: City) -> None:
    m = meeting(city)
    client = city.client("cadre_d1")
    agenda = client.get(reverse("meetings:agenda_pdf", args=[m.pk]))
    assert agenda.status_code == 200 and agenda.content.startswith(b"%PDF")
    client.post(reverse("meetings:hold", args=[m.pk]))
    minutes = client.get(reverse("meetings:minutes_pdf", args=[m.pk]))
    assert minutes.status_code == 200 and minutes.content.startswith(b"%PDF")
    assert set(IssuedDocument.objects.values_list("kind", flat=True)) == {"meeting.agenda", "meeting.minutes"}
    assert AuditEvent.objects.filter(action="meeting.agenda_pdf").count() == 1


def test_a_meeting_of_another_district_is_404_like_a_missing_one(city: City) -> None:
    west = meeting(city, org=city.d2)
    client = city.client("cadre_d1")
    assert client.get(reverse("meetings:meeting", args=[west.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting", args=[999_999])).status_code == 404
    assert client.get(reverse("meetings:agenda_pdf", args=[west.pk])).status_code == 404
