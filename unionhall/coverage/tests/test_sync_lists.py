"""三同步: employers registered since the configured day that miss 同步建会, 同步开展工作 or 同步入会, with the
days they are overdue, oldest first, per responsible cadre, and exported to Excel."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.core.models import AuditEvent
from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.selectors import SyncCheck, SyncFilters, sync_rows
from unionhall.coverage.tests.support import member
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.tests.city import City, uscc

TODAY = date(2025, 1, 7)


@pytest.fixture
def town(city: City) -> City:
    """E0: registered 2024-07-01, opened 2024-07-11, still no union (40 employees).
    E1: registered 2024-02-01, opened 2024-02-15, its union U1 founded late on 2024-09-01 (30 employees, 20 members).
    E4 in D2: registered 2024-06-01, no union. An older employer registered in 2023 is not checked at all."""
    Employer.objects.filter(pk=city.e0.pk).update(registered_on=date(2024, 7, 1), opened_on=date(2024, 7, 11))
    Employer.objects.filter(pk=city.e1.pk).update(
        registered_on=date(2024, 2, 1), opened_on=date(2024, 2, 15), employee_count=30
    )
    OrgUnit.objects.filter(pk=city.u1.pk).update(founded_on=date(2024, 9, 1))
    Employer.objects.create(
        name="西区未建会物流公司",
        uscc=uscc("320506DDDD3333"),
        org=city.t2,
        employee_count=60,
        registered_on=date(2024, 6, 1),
    )
    Employer.objects.create(
        name="东区老字号商行",
        uscc=uscc("320508HHHH7777"),
        org=city.t1,
        employee_count=60,
        registered_on=date(2023, 12, 31),
    )
    for _ in range(20):
        member(city.u1, employer=city.e1)
    return city


def rows(town: City, actor: str = "city_admin", **filters: object) -> list[tuple[str, str, int]]:
    found = sync_rows(town.users[actor], SyncFilters(**filters))  # type: ignore[arg-type]
    return [(r.employer.name, r.check, r.days) for r in found]


@time_machine.travel(TODAY, tick=False)
def test_each_miss_is_listed_with_its_days_overdue_oldest_first(town: City) -> None:
    assert rows(town) == [
        ("东方机械有限公司", SyncCheck.START, 199),  # due 2024-02-15 (opening); union founded 199 days later
        ("东区未建会商贸公司", SyncCheck.START, 180),  # due 2024-07-11 (opening); still no union
        ("东方机械有限公司", SyncCheck.FOUND, 33),  # due 2024-07-30; union founded 2024-09-01
        ("东方机械有限公司", SyncCheck.JOIN, 128),  # due 2024-09-01 (the union); 20 of 30 employees joined
        ("西区未建会物流公司", SyncCheck.FOUND, 40),  # due 2024-11-28; still no union
        ("东区未建会商贸公司", SyncCheck.FOUND, 10),  # due 2024-12-28
    ]


def test_the_days_of_an_open_miss_grow_and_those_of_a_late_union_stay(town: City) -> None:
    with time_machine.travel(date(2025, 1, 17), tick=False):
        days = {(name, check): d for name, check, d in rows(town)}
    assert days[("东区未建会商贸公司", SyncCheck.FOUND)] == 20
    assert days[("东方机械有限公司", SyncCheck.FOUND)] == 33


def test_nothing_is_missed_before_its_day_comes(town: City) -> None:
    with time_machine.travel(date(2024, 12, 28), tick=False):
        checks = {(name, check) for name, check, _ in rows(town)}
    assert ("东区未建会商贸公司", SyncCheck.FOUND) not in checks  # the 180th day is still in time
    assert ("东区未建会商贸公司", SyncCheck.START) in checks


@time_machine.travel(TODAY, tick=False)
def test_enough_members_meet_the_join_rule(town: City) -> None:
    for _ in range(4):
        member(town.u1, employer=town.e1)  # 24 of 30 = 80 %
    assert SyncCheck.JOIN not in {check for _, check, _ in rows(town)}


@time_machine.travel(TODAY, tick=False)
def test_the_settings_decide_who_is_checked_and_how_long_they_have(town: City) -> None:
    CoverageSettings.objects.update_or_create(
        pk=1, defaults={"sync_since": date(2024, 6, 1), "sync_found_days": 30, "size_threshold": 35}
    )
    assert rows(town) == [  # E1 (30 employees, registered in February) is no longer checked
        ("西区未建会物流公司", SyncCheck.FOUND, 190),
        ("东区未建会商贸公司", SyncCheck.START, 180),
        ("东区未建会商贸公司", SyncCheck.FOUND, 160),
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_list_is_filtered_by_check_subtree_and_cadre(town: City) -> None:
    assert {n for n, *_ in rows(town, check=SyncCheck.JOIN)} == {"东方机械有限公司"}
    assert {n for n, *_ in rows(town, org=town.d2)} == {"西区未建会物流公司"}
    assert {n for n, *_ in rows(town, cadre=town.users["outsider"].pk)} == {"西区未建会物流公司"}
    assert {n for n, *_ in rows(town, "cadre_d1")} == {"东方机械有限公司", "东区未建会商贸公司"}
    assert {n for n, *_ in rows(town, "chair_u1")} == {"东方机械有限公司"}  # the employer its union covers


@time_machine.travel(TODAY, tick=False)
def test_the_page_names_the_responsible_cadre_and_offers_only_those(town: City) -> None:
    response = town.client("cadre_d1").get(reverse("coverage:sync"), {"check": "found"})
    page = list(response.context["page"])
    assert [(r.employer.name, r.days) for r in page] == [("东方机械有限公司", 33), ("东区未建会商贸公司", 10)]
    assert [str(c) for c in page[0].cadres] == ["cadre_t1"]
    choices = response.context["form"].fields["cadre"].choices
    assert [label for value, label in choices if value] == [f"cadre_t1（{town.t1.name}干部）"]
    bad = town.client("cadre_d1").get(reverse("coverage:sync"), {"org": "D2"})
    assert list(bad.context["page"]) == []
    assert bad.context["form"].errors["org"] == ["在您的权限范围内没有这个编码的组织。"]


def export(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("coverage:sync_export"), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


@time_machine.travel(TODAY, tick=False)
def test_the_export_holds_the_scoped_rows_and_is_logged(town: City) -> None:
    sheet = export(town.client("cadre_d1"), check="found")
    assert sheet[0][:2] == ["检查项", "单位名称"]
    assert [(r[1], r[9]) for r in sheet[1:]] == [("东方机械有限公司", 33), ("东区未建会商贸公司", 10)]
    assert "西区未建会物流公司" not in str(sheet)
    event = AuditEvent.objects.filter(action="coverage.export").latest("id")
    assert event.changes == {"list": "三同步", "filters": {"check": "found"}}


@time_machine.travel(TODAY, tick=False)
def test_no_exported_cell_can_become_a_formula(town: City) -> None:
    Employer.objects.filter(pk=town.e0.pk).update(name='=HYPERLINK("http://evil","点我")')
    sheet = export(town.client("cadre_d1"), check="start")
    names = [r[1] for r in sheet[1:]]
    assert '\'=HYPERLINK("http://evil","点我")' in names
