"""Authorization specs of the archive routes, collected by core/tests/test_authorization.py.

Written by hand from PRODUCT.md §1 and §3.3: grassroots staff and federation cadres see and keep the archives
of their subtree (and their sensitive fields); only federation cadres and the city admin verify (入户核查,
notice, approval, 年审, exit); reviewers read and get 403 on every write; information officers, the system
admin, merchants, workers and users without a grant see nothing (404); an outsider (D2) gets 404 on D1's
archives. The city's standards belong to who configures programmes at the root: the city admin.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.assistance.models import EvidenceFile, FileStatus, HouseholdMember, NoticeObjection
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file, valid_id

SEE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
EDIT = SEE - {"reviewer_d1"}
SENSITIVE = EDIT
VERIFY = {"city_admin", "cadre_d1", "cadre_t1"}
ANYWHERE = SEE | {"outsider", "chair_u3"}
EDIT_ANYWHERE = EDIT | {"outsider", "chair_u3"}
FOREIGN_NAME = "西区困难户"
PDF = b"%PDF-1.4\n%%EOF\n"


def _two_sides(c: City) -> None:
    hardship_file(c.u1, name="东区困难户")
    hardship_file(c.u3, name=FOREIGN_NAME)


def listing(c: City) -> dict[str, Any]:
    _two_sides(c)
    return {}


def archive(status: str) -> Any:
    def kwargs(c: City) -> dict[str, Any]:
        _two_sides(c)
        return {"pk": hardship_file(c.u1, status=status).pk}

    return kwargs


def transition(c: City) -> dict[str, Any]:
    return archive(FileStatus.SUBMITTED)(c) | {"name": "reject"}


def member(c: City) -> dict[str, Any]:
    f = hardship_file(c.u1, status=FileStatus.DRAFT)
    return {"pk": HouseholdMember.objects.create(file=f, name="小明", relation="child").pk}


def evidence(c: City) -> dict[str, Any]:
    """A stored proof under a fixed name, so repeated runs do not fill MEDIA_ROOT."""
    f = hardship_file(c.u1)
    name = "evidence/authz/test.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PDF))
    e = EvidenceFile.objects.create(
        file=f, kind="other", name="证明.pdf", content=name, content_type="application/pdf", size=len(PDF), sha256="0"
    )
    return {"pk": e.pk}


def objection(c: City) -> dict[str, Any]:
    f = hardship_file(c.u1, status=FileStatus.NOTICE)
    return {
        "pk": NoticeObjection.objects.create(file=f, received_on=timezone.localdate(f.created_at), content="有异议").pk
    }


def page_has_no_d2_rows(c: City, response: Any) -> None:
    text = response.content.decode()
    assert "东区困难户" in text
    assert FOREIGN_NAME not in text and c.u3.name not in text


def export_has_no_d2_rows(c: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert "东区困难户" in cells
    assert FOREIGN_NAME not in cells
    assert "6222021234567890123" not in cells


def api_has_no_d2_rows(c: City, response: Any) -> None:
    names = {item["name"] for item in response.json()["items"]}
    assert "东区困难户" in names and FOREIGN_NAME not in names


def api_body(c: City) -> dict[str, Any]:
    return {
        "org": c.u1.pk,
        "name": "接口困难户",
        "id_number": valid_id("32050819770707123"),
        "causes": ["illness"],
        "household_size": 2,
        "monthly_income": "1500.00",
    }


ROUTES: dict[str, Route] = {
    "assistance:archive_list": Route(listing, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    "assistance:archive_export": Route(listing, statuses(ANYWHERE), no_foreign=export_has_no_d2_rows),
    "assistance:overdue": Route(listing, statuses(ANYWHERE)),
    # A POST without data re-shows the form with its errors (200); reviewers see archives but file none.
    "assistance:archive_create": Route(
        expect=statuses(EDIT_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")
    ),
    "assistance:settings": Route(expect=statuses({"city_admin"}), methods=("get", "post")),
    "assistance:archive_detail": Route(archive(FileStatus.APPROVED), statuses(SEE), no_foreign=None),
    "assistance:archive_edit": Route(archive(FileStatus.DRAFT), statuses(EDIT, in_sight=SEE), methods=("get", "post")),
    "assistance:archive_reveal": Route(
        archive(FileStatus.APPROVED), statuses(SENSITIVE, in_sight=SEE), methods=("post",)
    ),
    "assistance:archive_category": Route(
        archive(FileStatus.SUBMITTED), statuses(VERIFY, in_sight=SEE), methods=("get", "post")
    ),
    # The reject step needs a reason: an empty POST re-shows the form.
    "assistance:archive_transition": Route(transition, statuses(VERIFY, in_sight=SEE), methods=("get", "post")),
    "assistance:member_add": Route(archive(FileStatus.DRAFT), statuses(EDIT, in_sight=SEE), methods=("get", "post")),
    "assistance:member_remove": Route(member, statuses(EDIT, ok=302, in_sight=SEE), methods=("post",)),
    "assistance:evidence_upload": Route(
        archive(FileStatus.DRAFT), statuses(EDIT, in_sight=SEE), methods=("get", "post")
    ),
    "assistance:evidence_download": Route(evidence, statuses(SEE)),
    "assistance:visit_add": Route(archive(FileStatus.SUBMITTED), statuses(EDIT, in_sight=SEE), methods=("get", "post")),
    "assistance:objection_add": Route(
        archive(FileStatus.NOTICE), statuses(EDIT, in_sight=SEE), methods=("get", "post")
    ),
    "assistance:objection_resolve": Route(objection, statuses(VERIFY, in_sight=SEE), methods=("get", "post")),
    "api:archive_list": Route(listing, statuses(ANYWHERE, anon=401), no_foreign=api_has_no_d2_rows),
    "api:archive_detail": Route(
        lambda c: {"archive_id": archive(FileStatus.APPROVED)(c)["pk"]}, statuses(SEE, anon=401)
    ),
    "api:archive_create": Route(
        expect=statuses(EDIT, ok=201, in_sight={"reviewer_d1"}, anon=401), methods=("post",), body=api_body
    ),
}
