"""Authorization specs of the programmes app's routes, collected by core/tests/test_authorization.py.

Programmes are the city's: everyone who works on assistance somewhere reads them; only who configures
programmes at the root (the city admin) changes them. 送温暖 batches belong to the unit whose archives they
cover: who may request payments somewhere starts one (a reviewer sees the page refused); a batch at U1 is
seen by those who see U1's assistance.
"""

from __future__ import annotations

import io
from typing import Any

from python_calamine import CalamineWorkbook

from unionhall.programmes.tests.helpers import batches_on_both_sides
from unionhall.tests import factories
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City

ASSISTANCE_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
REQUEST_ANYWHERE = ASSISTANCE_ANYWHERE - {"reviewer_d1"}
SEE_U1_ASSISTANCE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
CONFIG = {"city_admin"}
D2_NAMES = ("西方纺织", "西区总工会")


def programme(c: City) -> dict[str, Any]:
    return {"pk": factories.programme().pk}


def stopped_programme(c: City) -> dict[str, Any]:
    return {"pk": factories.programme(active=False).pk}


def d1_batch(c: City) -> dict[str, Any]:
    return {"pk": batches_on_both_sides(c)["d1"].pk}


def page_has_no_d2_rows(c: City, response: Any) -> None:
    text = response.content.decode()
    for name in D2_NAMES:
        assert name not in text, f"{name} leaked"


def export_has_no_d2_rows(c: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert c.u1.name in cells
    for name in D2_NAMES:
        assert name not in cells, f"{name} leaked"


ROUTES: dict[str, Route] = {
    # The city's programmes: whoever reads assistance anywhere reads them all, in the API as on the pages.
    "api:programme_list": Route(lambda c: (programme(c), {})[1], statuses(ASSISTANCE_ANYWHERE, anon=401)),
    "api:programme_detail": Route(
        lambda c: {"programme_id": programme(c)["pk"]}, statuses(ASSISTANCE_ANYWHERE, anon=401)
    ),
    "programmes:list": Route(lambda c: (programme(c), {})[1], statuses(ASSISTANCE_ANYWHERE)),
    "programmes:detail": Route(programme, statuses(ASSISTANCE_ANYWHERE)),
    # A POST without data re-shows the form with its errors.
    "programmes:create": Route(expect=statuses(CONFIG), methods=("get", "post")),
    "programmes:edit": Route(programme, statuses(CONFIG), methods=("get", "post")),
    "programmes:deactivate": Route(programme, statuses(CONFIG, ok=302), methods=("post",)),
    "programmes:activate": Route(stopped_programme, statuses(CONFIG, ok=302), methods=("post",)),
    "programmes:warmth": Route(
        lambda c: {}, statuses(REQUEST_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")
    ),
    "programmes:batches": Route(
        lambda c: (batches_on_both_sides(c), {})[1], statuses(ASSISTANCE_ANYWHERE), no_foreign=page_has_no_d2_rows
    ),
    "programmes:batch": Route(d1_batch, statuses(SEE_U1_ASSISTANCE), no_foreign=page_has_no_d2_rows),
    "programmes:batch_progress": Route(d1_batch, statuses(SEE_U1_ASSISTANCE)),
    "programmes:batch_export": Route(d1_batch, statuses(SEE_U1_ASSISTANCE), no_foreign=export_has_no_d2_rows),
}
