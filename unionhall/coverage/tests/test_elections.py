"""届满未换届 and unions without a chair: listed longest overdue first, scoped, exported."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.coverage.selectors import ElectionFilters, ElectionProblem, election_rows
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.tests.city import City

TODAY = date(2025, 1, 1)


def listed(city: City, actor: str = "city_admin", **filters: object) -> list[tuple[str, int | None, bool]]:
    rows = election_rows(city.users[actor], ElectionFilters(**filters))  # type: ignore[arg-type]
    return [(r.unit.name, r.overdue_days, r.no_chair) for r in rows]


@time_machine.travel(TODAY, tick=False)
def test_overdue_committees_come_first_then_unions_without_a_chair(city: City) -> None:
    OrgUnit.objects.filter(pk=city.u3.pk).update(term_ends_on=date(2023, 1, 1), chair_name="王芳")
    OrgUnit.objects.filter(pk=city.u2.pk).update(chair_name="李强")
    assert listed(city) == [
        ("西方纺织公司工会", 731, False),
        ("东方机械公司工会", 366, True),  # its term ended on 2024-01-01, and it has no chair
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_term_ending_today_is_not_yet_overdue_and_a_closed_union_is_not_listed(city: City) -> None:
    OrgUnit.objects.filter(pk=city.u1.pk).update(term_ends_on=TODAY, chair_name="张伟")
    OrgUnit.objects.filter(pk=city.u2.pk).update(status=OrgStatus.DISSOLVED)
    assert listed(city) == [("西方纺织公司工会", None, True)]


@time_machine.travel(TODAY, tick=False)
def test_the_list_is_filtered_by_problem_and_scoped(city: City) -> None:
    assert listed(city, problem=ElectionProblem.OVERDUE) == [("东方机械公司工会", 366, True)]
    assert {name for name, *_ in listed(city, problem=ElectionProblem.NO_CHAIR)} == {
        "东方机械公司工会",
        "东一村工会",
        "西方纺织公司工会",
    }
    assert {name for name, *_ in listed(city, "cadre_t1")} == {"东方机械公司工会", "东一村工会"}
    assert {name for name, *_ in listed(city, org=city.d2)} == {"西方纺织公司工会"}


@time_machine.travel(TODAY, tick=False)
def test_the_export_lists_the_days_and_the_responsible_cadre(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("coverage:elections_export"), {"problem": "overdue"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][0] == "组织"
    assert [(r[0], r[7], r[8], r[9]) for r in rows[1:]] == [
        ("东方机械公司工会", 366, "届满未换届、未配备主席", "cadre_t1")
    ]
