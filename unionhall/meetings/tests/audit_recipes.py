"""Audit recipes of the joint meeting services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from unionhall.meetings import services
from unionhall.meetings.models import AgendaItem, Meeting, MeetingStatus, MinutesFile
from unionhall.meetings.tests.support import departments, meeting
from unionhall.supervision.models import Department
from unionhall.tests.audit_support import SYSTEM, Recipe
from unionhall.tests.city import City
from unionhall.workcalendar import workdays


def _on_meeting(fn: Callable[[City, Meeting], Any], status: str = MeetingStatus.PLANNED) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        departments(c)
        made = meeting(c)
        if status != MeetingStatus.PLANNED:
            Meeting.objects.filter(pk=made.pk).update(status=status)
            made.refresh_from_db()
        return lambda: fn(c, made)

    return recipe


def _create(who: str) -> Recipe:
    return lambda c: (
        lambda: services.meeting_create(actor=c.users[who], org=c.d1, title="东区联席会议", date=date(2026, 6, 1))
    )


def _resolve(who: str) -> Callable[[City, Meeting], Any]:
    def run(c: City, m: Meeting) -> Any:
        rs = Department.objects.get(org=c.d1, short_name="人社局")
        due = workdays.today() + timedelta(days=20)
        return services.resolution_record(
            actor=c.users[who], meeting=m, title="清欠专项行动", department=rs, due_on=due
        )

    return run


def _download(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = meeting(c)
        services.meeting_hold(actor=c.users["cadre_d1"], meeting=made)
        upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        services.minutes_record(actor=c.users["cadre_d1"], meeting=made, minutes="纪要", upload=upload)
        stored = MinutesFile.objects.get(meeting=made)
        return lambda: services.minutes_file_download(actor=c.users[who], file=stored)

    return recipe


def _on_item(fn: Callable[[City, AgendaItem], Any]) -> Recipe:
    """The first of two items added by hand to a planned meeting of 东区."""

    def recipe(c: City) -> Callable[[], Any]:
        made = meeting(c)
        first = services.agenda_item_add(actor=SYSTEM, meeting=made, title="研究职工书屋建设")
        services.agenda_item_add(actor=SYSTEM, meeting=made, title="研究职工疗休养")
        return lambda: fn(c, first)

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.meetings.services.meeting_create": (_create("cadre_d1"), _create("outsider")),
    "unionhall.meetings.services.meeting_update": (
        _on_meeting(lambda c, m: services.meeting_update(actor=c.users["cadre_d1"], meeting=m, place="区工会会议室")),
        _on_meeting(lambda c, m: services.meeting_update(actor=c.users["reviewer_d1"], meeting=m, place="别处")),
    ),
    "unionhall.meetings.services.agenda_item_add": (
        _on_meeting(
            lambda c, m: services.agenda_item_add(actor=c.users["cadre_d1"], meeting=m, title="研究职工书屋建设")
        ),
        _on_meeting(
            lambda c, m: services.agenda_item_add(actor=c.users["cadre_d1"], meeting=m, title="迟到的议题"),
            MeetingStatus.HELD,
        ),
    ),
    "unionhall.meetings.services.agenda_item_move": (
        _on_item(lambda c, i: services.agenda_item_move(actor=c.users["cadre_d1"], item=i, up=False)),
        _on_item(lambda c, i: services.agenda_item_move(actor=c.users["cadre_d1"], item=i, up=True)),  # first
    ),
    "unionhall.meetings.services.agenda_item_remove": (
        _on_item(lambda c, i: services.agenda_item_remove(actor=c.users["cadre_d1"], item=i)),
        _on_item(lambda c, i: services.agenda_item_remove(actor=c.users["reviewer_d1"], item=i)),
    ),
    "unionhall.meetings.services.resolution_record": (
        _on_meeting(_resolve("cadre_d1")),
        _on_meeting(_resolve("cadre_d1"), MeetingStatus.CANCELLED),
    ),
    "unionhall.meetings.services.minutes_record": (
        _on_meeting(
            lambda c, m: services.minutes_record(actor=c.users["cadre_d1"], meeting=m, minutes="会议纪要"),
            MeetingStatus.HELD,
        ),
        _on_meeting(lambda c, m: services.minutes_record(actor=c.users["cadre_d1"], meeting=m, minutes="会议纪要")),
    ),
    "unionhall.meetings.services.minutes_file_download": (_download("reviewer_d1"), _download("outsider")),
    "unionhall.meetings.services.meeting_hold": (
        _on_meeting(lambda c, m: services.meeting_hold(actor=c.users["cadre_d1"], meeting=m)),
        _on_meeting(lambda c, m: services.meeting_hold(actor=c.users["reviewer_d1"], meeting=m)),
    ),
    "unionhall.meetings.services.meeting_cancel": (
        _on_meeting(lambda c, m: services.meeting_cancel(actor=c.users["cadre_d1"], meeting=m, reason="改期")),
        _on_meeting(lambda c, m: services.meeting_cancel(actor=c.users["cadre_d1"], meeting=m, reason=" ")),
    ),
}
