"""Authorization specs of the reports' routes, collected by core/tests/test_authorization.py.

Reports are read with `assistance.view` (money with `funds.view`, held by the same roles): city admins,
federation cadres, grassroots staff and reviewers in their subtree. Information officers, the system admin,
merchants and workers see none of it.

The rights dashboard (维权统计) is read with `rights.view`, held by the same roles; an information officer
files risk reports but reads no statistics. A case of U1 shared with U3 (双向维权) does not open U1's
dashboard to U3's chair or to D2's cadre.

The innovation and competitions dashboard (创新与竞赛统计) is read with `innovation.view`: the same roles but the
information officer. 西区's submission, members and competition never show on 东区's pages.
"""

from __future__ import annotations

import io
from typing import Any

from python_calamine import CalamineWorkbook

from unionhall.assistance.models import FileStatus
from unionhall.rights.models import Case
from unionhall.tests import factories
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

SEE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
ANYWHERE = SEE_U1 | {"outsider", "chair_u3"}
D2_MARKS = ("西区总工会", "西一街道总工会", "西方纺织", "周外区", "7,777.00")


def both_sides(city: City) -> dict[str, Any]:
    """Money, an archive in notice and a card in D1 (U1) and in D2 (U3); returns the U1 disbursement."""
    fund = factories.fund()
    prog = factories.programme(fund=fund)
    out: dict[str, Any] = {}
    for org, name, amount in ((city.u1, "王小明", 1_234_50), (city.u3, "周外区", 7_777_00)):
        budget = factories.budget_chain(org, 100_000_00, the_fund=fund)
        f = factories.archive(org, name=name)
        factories.archive(org, name=name + "甲", status=FileStatus.NOTICE)
        d = factories.disbursement(f, prog, budget, amount)
        out.setdefault("d", d)
    return out


def u1(city: City) -> dict[str, Any]:
    both_sides(city)
    return {"pk": city.u1.pk}


def approval(city: City) -> dict[str, Any]:
    return {"pk": both_sides(city)["d"].pk}


def page_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    for mark in D2_MARKS:
        assert mark not in text, f"{mark} leaked"


def export_has_no_d2_rows(city: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert "7777" not in cells.replace(".0", "")
    for mark in D2_MARKS:
        assert mark not in cells, f"{mark} leaked"


def pdf_has_no_d2_rows(city: City, response: Any) -> None:
    assert response.content.startswith(b"%PDF-")


def rights_both_sides(city: City) -> dict[str, Any]:
    """Cases in D1 (U1) and in D2 (U3), each closed with wages recovered, a risk report on each side, and a
    U1 case shared with U3."""
    for org, employer, fen in ((city.u1, city.e1, 1_234_50), (city.u3, city.e3, 7_777_00)):
        closed = factories.case(org, employer=employer)
        Case.objects.filter(pk=closed.pk).update(status="closed", wages_recovered_fen=fen, satisfaction=4)
        factories.case(org, employer=employer)
        factories.risk(org, level="red")
    factories.case(city.u1, employer=city.e1, shared_with=city.u3)
    return {"pk": city.u1.pk}


INNOVATION_D2 = ("西区总工会", "西一街道总工会", "西方纺织", "西区劳动竞赛", "7,777.00")


def innovation_both_sides(city: City) -> dict[str, Any]:
    """Members, a verified submission and a competition with its ranking in D1 (U1) and in D2 (U3)."""
    from datetime import date

    from django.utils import timezone

    from unionhall.innovation.models import Status
    from unionhall.reports.tests.innovation_support import competition, member, submission

    year = timezone.localdate().year
    for org, fen, title in ((city.u1, 1_234_00, "东区劳动竞赛"), (city.u3, 7_777_00, "西区劳动竞赛")):
        who = member(org)
        submission(org, [who], on=date(year, 1, 2), status=Status.BENEFIT_VERIFIED, benefit_fen=fen)
        competition(org, [(org, "")], title=title, year=year)
    return {"pk": city.u1.pk}


ROUTES: dict[str, Route] = {
    "reports:dashboard": Route(lambda c: both_sides(c) and {}, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    "reports:node": Route(u1, statuses(SEE_U1), no_foreign=page_has_no_d2_rows),
    "reports:node_export": Route(u1, statuses(SEE_U1), no_foreign=export_has_no_d2_rows),
    "reports:notice_pdf": Route(u1, statuses(SEE_U1), no_foreign=pdf_has_no_d2_rows),
    "reports:approval_pdf": Route(approval, statuses(SEE_U1), no_foreign=pdf_has_no_d2_rows),
    "reports:rights": Route(lambda c: rights_both_sides(c) and {}, statuses(ANYWHERE), no_foreign=page_has_no_d2_rows),
    "reports:rights_node": Route(rights_both_sides, statuses(SEE_U1), no_foreign=page_has_no_d2_rows),
    "reports:rights_export": Route(rights_both_sides, statuses(SEE_U1), no_foreign=export_has_no_d2_rows),
    "reports:innovation": Route(
        lambda c: innovation_both_sides(c) and {},
        statuses(ANYWHERE),
        no_foreign=page_shows_none_of(INNOVATION_D2),
    ),
    "reports:innovation_node": Route(
        innovation_both_sides, statuses(SEE_U1), no_foreign=page_shows_none_of(INNOVATION_D2)
    ),
    "reports:innovation_export": Route(
        innovation_both_sides, statuses(SEE_U1), no_foreign=export_shows_none_of(INNOVATION_D2)
    ),
}
