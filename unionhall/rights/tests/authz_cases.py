"""Authorization specs of the case pages, collected through rights/tests/authz.py by
core/tests/test_authorization.py.

Written by hand from PRODUCT.md §2 and §3.4: grassroots staff and federation cadres see and handle the cases
of their subtree; reviewers read and get 403 on every step; information officers (who only file risk
reports), the system admin, merchants, workers and users without a grant see nothing (404); the outsider
(the federation cadre of D2) and U3's chair get 404 on U1's cases. The cases here are handled at U1 and
shared with nobody: a share with U3 would open them to U3 and to D2 above it (双向维权, tested in
test_pages.py). A partner union outside the city recorded as a contact opens no access.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.rights.models import Case, CaseAttachment, CaseShare, CaseStatus
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City
from unionhall.tests.factories import case

SEE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
HANDLE = SEE - {"reviewer_d1"}
ANYWHERE = SEE | {"outsider", "chair_u3"}
HANDLE_ANYWHERE = HANDLE | {"outsider", "chair_u3"}
HOME_SUMMARY = "东区拖欠工资"
FOREIGN_SUMMARY = "西区拖欠工资"
FOREIGN_PHONE = "13977778888"
PDF = b"%PDF-1.4\n%%EOF\n"


def _two_sides(c: City) -> None:
    """A late case on each side of the city: U1's (in D1) and U3's (in D2)."""
    home = case(c.u1, employer=c.e1, summary=HOME_SUMMARY)
    foreign = case(c.u3, employer=c.e3, summary=FOREIGN_SUMMARY)
    Case.objects.filter(pk=foreign.pk).update(contact_phone=FOREIGN_PHONE)
    late = timezone.now() - timedelta(days=3)
    Case.objects.filter(pk__in=[home.pk, foreign.pk]).update(due_at=late, remind_at=late - timedelta(days=2))


def listing(c: City) -> dict[str, Any]:
    _two_sides(c)
    return {}


def a_case(status: str = CaseStatus.RECEIVED) -> Any:
    def kwargs(c: City) -> dict[str, Any]:
        _two_sides(c)
        return {"pk": case(c.u1, employer=c.e1, status=status).pk}

    return kwargs


def transition(c: City) -> dict[str, Any]:
    # 职工撤回 needs a reason: an empty POST re-shows the form with the error.
    return a_case(CaseStatus.IN_PROGRESS)(c) | {"name": "withdraw"}


def partner_share(c: City) -> dict[str, Any]:
    """A case at U1 recorded with a partner union outside the city (which opens no access)."""
    home = case(c.u1, employer=c.e1, status=CaseStatus.IN_PROGRESS)
    share = CaseShare.objects.create(case=home, partner_name="安徽省临泉县总工会", partner_contact="李主席")
    return {"pk": home.pk, "share_pk": share.pk}


def attachment(c: City) -> dict[str, Any]:
    """A stored file under a fixed name, so repeated runs do not fill MEDIA_ROOT."""
    home = case(c.u1, employer=c.e1, status=CaseStatus.IN_PROGRESS)
    name = "rights/authz/test.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PDF))
    a = CaseAttachment.objects.create(
        case=home, name="工资条.pdf", content=name, content_type="application/pdf", size=len(PDF), sha256="0"
    )
    return {"pk": a.pk}


def page_has_no_d2_rows(c: City, response: Any) -> None:
    text = response.content.decode()
    assert HOME_SUMMARY in text
    assert FOREIGN_SUMMARY not in text and c.u3.name not in text


def export_has_no_d2_rows(c: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert HOME_SUMMARY in cells
    assert FOREIGN_SUMMARY not in cells and c.u3.name not in cells and FOREIGN_PHONE not in cells
    assert "13900001111" not in cells  # the home case's phone, masked


ROUTES: dict[str, Route] = {
    "rights:case_list": Route(listing, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    "rights:case_export": Route(listing, statuses(ANYWHERE), no_foreign=export_has_no_d2_rows),
    "rights:overdue": Route(listing, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    # A POST without data re-shows the form with its errors (200); reviewers see cases but take none in.
    "rights:case_create": Route(expect=statuses(HANDLE_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")),
    "rights:case_detail": Route(a_case(), statuses(SEE)),
    "rights:case_transition": Route(transition, statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
    "rights:case_assign": Route(a_case(), statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
    "rights:case_transfer": Route(a_case(), statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
    "rights:case_share": Route(a_case(), statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
    "rights:case_unshare": Route(partner_share, statuses(HANDLE, ok=302, in_sight=SEE), methods=("post",)),
    "rights:mediation_add": Route(
        a_case(CaseStatus.MEDIATING), statuses(HANDLE, in_sight=SEE), methods=("get", "post")
    ),
    "rights:legal_aid": Route(a_case(CaseStatus.IN_PROGRESS), statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
    "rights:note_add": Route(a_case(CaseStatus.IN_PROGRESS), statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
    "rights:attachment_upload": Route(
        a_case(CaseStatus.IN_PROGRESS), statuses(HANDLE, in_sight=SEE), methods=("get", "post")
    ),
    "rights:attachment_download": Route(attachment, statuses(SEE)),
    "rights:case_rate": Route(a_case(CaseStatus.CLOSED), statuses(HANDLE, in_sight=SEE), methods=("get", "post")),
}
