"""Authorization specs of the ten_services app's routes, collected by core/tests/test_authorization.py.

The 十送 log belongs to the union that delivered: whoever reads assistance in a subtree reads its records
and roll-up; whoever may request assistance there records and corrects them (reviewers read only).
"""

from __future__ import annotations

import io
from typing import Any

from python_calamine import CalamineWorkbook

from unionhall.ten_services.tests.helpers import both_sides
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City

ASSISTANCE_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
EDIT_ANYWHERE = ASSISTANCE_ANYWHERE - {"reviewer_d1"}
SEE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
EDIT_U1 = SEE_U1 - {"reviewer_d1"}
SEE_D1 = {"city_admin", "reviewer_d1", "cadre_d1"}
D2_TEXT = ("西方纺织", "西区总工会")


def d1_record(c: City) -> dict[str, Any]:
    return {"pk": both_sides(c)["d1"].pk}


def setup(c: City) -> dict[str, Any]:
    both_sides(c)
    return {}


def page_has_no_d2_rows(c: City, response: Any) -> None:
    text = response.content.decode()
    for name in D2_TEXT:
        assert name not in text, f"{name} leaked"


def export_has_no_d2_rows(c: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert "东方送文化" in cells
    for name in D2_TEXT:
        assert name not in cells, f"{name} leaked"


def api_has_no_d2_rows(c: City, response: Any) -> None:
    body = response.json()
    assert [i["title"] for i in body["items"]] == ["东方送文化"] and body["count"] == 1


ROUTES: dict[str, Route] = {
    "ten_services:list": Route(setup, statuses(ASSISTANCE_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "ten_services:export": Route(setup, statuses(ASSISTANCE_ANYWHERE), no_foreign=export_has_no_d2_rows),
    # A POST without data re-shows the form with its errors.
    "ten_services:create": Route(setup, statuses(EDIT_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")),
    "ten_services:detail": Route(d1_record, statuses(SEE_U1), no_foreign=page_has_no_d2_rows),
    "ten_services:edit": Route(d1_record, statuses(EDIT_U1, in_sight=SEE_U1), methods=("get", "post")),
    "ten_services:rollup": Route(setup, statuses(ASSISTANCE_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "ten_services:rollup_node": Route(
        lambda c: {"pk": (both_sides(c), c.d1)[1].pk}, statuses(SEE_D1), no_foreign=page_has_no_d2_rows
    ),
    "api:delivery_list": Route(setup, statuses(ASSISTANCE_ANYWHERE, anon=401), no_foreign=api_has_no_d2_rows),
}
