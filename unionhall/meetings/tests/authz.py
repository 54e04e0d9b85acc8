"""Authorization specs of the joint meeting routes, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1–§2 and the app's rule: a meeting is seen by who holds `task.view` over its host
federation (D1: the city admin, D1's reviewer and cadre — not T1's cadre, whose reach lies below it) and kept
by who holds `task.manage` there; a department's liaison (`liaison_d1`, 东区 人社局) sees only the resolutions
given to its department, and answers them through the API like their task. The meeting below is 东区's, with
a resolution for 东区 人社局; 西区 holds a meeting of its own that no D1 actor may see.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from unionhall.meetings import services
from unionhall.meetings.models import Meeting, MinutesFile
from unionhall.meetings.tests.support import departments, meeting, resolution
from unionhall.supervision.models import Department
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City
from unionhall.workcalendar import workdays

MEETINGS_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
MANAGE_ANYWHERE = {"city_admin", "cadre_d1", "cadre_t1", "outsider"}
SEE_D1 = {"city_admin", "reviewer_d1", "cadre_d1"}
KEEP_D1 = {"city_admin", "cadre_d1"}
FOREIGN = "西区联席会议"
FOREIGN_NAMES = (FOREIGN, "西区总工会")


def both_sides(c: City) -> dict[str, Any]:
    d = departments(c)
    ours = meeting(c)
    resolution(ours, d.rs)
    west = meeting(c, org=c.d2, title=FOREIGN)
    resolution(west, d.west, title="西区清欠")
    return {"pk": ours.pk}


def with_item(c: City) -> dict[str, Any]:
    """An item added by hand to the D1 meeting (a D2 meeting exists too)."""
    pk = both_sides(c)["pk"]
    made = services.agenda_item_add(actor=SYSTEM, meeting=Meeting.objects.get(pk=pk), title="研究职工书屋建设")
    return {"pk": pk, "item_pk": made.pk}


def listed(c: City) -> dict[str, Any]:
    both_sides(c)
    return {}


def held(c: City) -> dict[str, Any]:
    kwargs = both_sides(c)
    services.meeting_hold(actor=SYSTEM, meeting=Meeting.objects.get(pk=kwargs["pk"]))
    return kwargs


def with_file(c: City) -> dict[str, Any]:
    kwargs = held(c)
    from unionhall.meetings.models import Meeting

    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    services.minutes_record(
        actor=c.users["cadre_d1"], meeting=Meeting.objects.get(pk=kwargs["pk"]), minutes="会议纪要", upload=upload
    )
    return kwargs | {"file_pk": MinutesFile.objects.get().pk}


def resolution_of_d1(c: City) -> dict[str, Any]:
    from unionhall.meetings.models import Resolution

    both_sides(c)
    return {"pk": Resolution.objects.get(meeting__org=c.d1).pk}


def api_meeting(c: City) -> dict[str, Any]:
    return {"meeting_id": both_sides(c)["pk"]}


def api_resolution(c: City) -> dict[str, Any]:
    return {"resolution_id": resolution_of_d1(c)["pk"]}


def resolution_body(c: City) -> dict[str, Any]:
    rs = Department.objects.get(org=c.d1, short_name="人社局")
    return {"title": "开展清欠专项行动", "department": rs.pk, "due_on": str(workdays.today() + timedelta(days=30))}


API_SEE = statuses(SEE_D1, anon=401)
POST = ("post",)

ROUTES: dict[str, Route] = {
    "meetings:list": Route(listed, statuses(MEETINGS_ANYWHERE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "meetings:export": Route(listed, statuses(MEETINGS_ANYWHERE), no_foreign=export_shows_none_of(FOREIGN_NAMES)),
    "meetings:create": Route(expect=statuses(MANAGE_ANYWHERE, in_sight=MEETINGS_ANYWHERE), methods=("get", "post")),
    "meetings:meeting": Route(both_sides, statuses(SEE_D1), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    # An empty POST re-shows each form with its errors.
    "meetings:edit": Route(both_sides, statuses(KEEP_D1, in_sight=SEE_D1), methods=("get", "post")),
    "meetings:item_add": Route(both_sides, statuses(KEEP_D1, in_sight=SEE_D1), methods=("get", "post")),
    "meetings:item_move": Route(with_item, statuses(KEEP_D1, ok=302, in_sight=SEE_D1), methods=POST),
    "meetings:item_remove": Route(with_item, statuses(KEEP_D1, ok=302, in_sight=SEE_D1), methods=POST),
    "meetings:resolution_record": Route(both_sides, statuses(KEEP_D1, in_sight=SEE_D1), methods=("get", "post")),
    "meetings:minutes": Route(held, statuses(KEEP_D1, in_sight=SEE_D1), methods=("get", "post")),
    "meetings:hold": Route(both_sides, statuses(KEEP_D1, ok=302, in_sight=SEE_D1), methods=POST),
    "meetings:cancel": Route(both_sides, statuses(KEEP_D1, in_sight=SEE_D1), methods=("get", "post")),
    "meetings:file": Route(with_file, statuses(SEE_D1)),
    "meetings:agenda_pdf": Route(both_sides, statuses(SEE_D1)),
    "meetings:minutes_pdf": Route(held, statuses(SEE_D1)),
    "meetings:resolution": Route(resolution_of_d1, statuses(SEE_D1 | {"liaison_d1"})),
    "api:meeting_list": Route(
        listed, statuses(MEETINGS_ANYWHERE, anon=401), no_foreign=page_shows_none_of(FOREIGN_NAMES)
    ),
    "api:meeting_create": Route(
        listed,
        statuses(KEEP_D1, ok=201, in_sight={"reviewer_d1"}, anon=401),
        methods=POST,
        body=lambda c: {"org": c.d1.pk, "date": str(workdays.today()), "title": "东区第二次联席会议"},
    ),
    "api:meeting_agenda": Route(api_meeting, API_SEE),
    "api:meeting_hold": Route(api_meeting, statuses(KEEP_D1, in_sight={"reviewer_d1"}, anon=401), methods=POST),
    "api:meeting_cancel": Route(
        api_meeting,
        statuses(KEEP_D1, in_sight={"reviewer_d1"}, anon=401),
        methods=POST,
        body=lambda c: {"reason": "主要成员单位负责人无法到会"},
    ),
    "api:resolution_record": Route(
        api_meeting, statuses(KEEP_D1, ok=201, in_sight={"reviewer_d1"}, anon=401), methods=POST, body=resolution_body
    ),
    "api:resolution_list": Route(
        listed,
        statuses(MEETINGS_ANYWHERE | {"liaison_d1"}, anon=401),
        no_foreign=page_shows_none_of(("西区清欠",)),
    ),
    "api:resolution_progress": Route(
        api_resolution,
        statuses(KEEP_D1 | {"liaison_d1"}, in_sight={"reviewer_d1"}, anon=401),
        methods=POST,
        body=lambda c: {"text": "已部署专项行动"},
    ),
    "api:resolution_close": Route(
        api_resolution,
        statuses(KEEP_D1 | {"liaison_d1"}, in_sight={"reviewer_d1"}, anon=401),
        methods=POST,
        body=lambda c: {"evidence": "已全部清欠"},
    ),
}
