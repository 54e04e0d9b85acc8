"""Authorization specs of the risk report pages and the rules page, merged by rights/tests/authz.py.

Written by hand from PRODUCT.md §3.4 and the roles: a report at U1 is seen by who reads rights over U1
(reviewer, unions, federations above) and by who files reports there (U1's information officer); T1, the
federation above U1, and everyone above it acknowledge and close it (federation cadres, the city admin);
the reporting side (U1's staff and information officer) and the upper federation add follow-ups; a reviewer
sees and gets 403 on every write; the outsider (D2) and U3's staff have their own lists but get 404 on U1's
report; the system admin, merchants, workers and users without a grant see nothing (404).
"""

from __future__ import annotations

import io
from typing import Any

from python_calamine import CalamineWorkbook

from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City
from unionhall.tests.factories import risk

SEE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "info_u1"}
ACKNOWLEDGE = {"city_admin", "cadre_d1", "cadre_t1"}
FOLLOW_UP = ACKNOWLEDGE | {"chair_u1", "info_u1"}
ANYWHERE = SEE | {"outsider", "chair_u3"}
REPORT_ANYWHERE = ANYWHERE - {"reviewer_d1"}
RULES_READERS = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}


def listing(c: City) -> dict[str, Any]:
    risk(c.u1, level="red", employer=c.e1)
    risk(c.u3, level="red", employer=c.e3)
    return {}


def report(c: City) -> dict[str, Any]:
    listing(c)
    return {"pk": risk(c.u1, level="orange").pk}


def page_has_no_d2_rows(c: City, response: Any) -> None:
    text = response.content.decode()
    assert c.u1.name in text
    for foreign in (c.u3.name, c.e3.name):
        assert foreign not in text, f"{foreign} leaked"


def export_has_no_d2_rows(c: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert c.u1.name in cells
    for foreign in (c.u3.name, c.e3.name):
        assert foreign not in cells, f"{foreign} leaked"


ROUTES: dict[str, Route] = {
    "rights:risk_list": Route(listing, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    "rights:risk_export": Route(listing, statuses(ANYWHERE), no_foreign=export_has_no_d2_rows),
    "rights:risk_agenda": Route(listing, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    # An empty POST re-shows the form with its errors (200); a reviewer reads reports but files none.
    "rights:risk_create": Route(expect=statuses(REPORT_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")),
    "rights:risk_detail": Route(report, statuses(SEE)),
    "rights:risk_acknowledge": Route(report, statuses(ACKNOWLEDGE, ok=302, in_sight=SEE), methods=("post",)),
    # A follow-up or a closure without its text is refused at the field: the form again (200).
    "rights:risk_follow_up": Route(report, statuses(FOLLOW_UP, in_sight=SEE), methods=("get", "post")),
    "rights:risk_close": Route(report, statuses(ACKNOWLEDGE, in_sight=SEE), methods=("get", "post")),
    # Reading the city's rules; that only the city admin may post is tested in test_rules_pages.py (readers
    # get 403 there), since one spec holds one answer per actor for all its methods.
    "rights:rules": Route(expect=statuses(RULES_READERS)),
}
