"""The dashboard page and its Excel export: the figures, the drill-down links and filters, the breadcrumb,
and the outsider's 404."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.assistance.models import Programme
from unionhall.core.audit import AuditEvent
from unionhall.orgs.models import Grant, Role
from unionhall.reports.tests.test_selectors import YEAR, populate
from unionhall.tests.city import City


def sheet(response: Any) -> list[list[Any]]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def chart_data(response: Any) -> dict[str, Any]:
    found = re.search(r'<script id="reports-data" type="application/json">(.*?)</script>', response.content.decode())
    assert found
    return json.loads(found.group(1))


def test_a_district_cadre_sees_its_district_with_each_child_drilling_down(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:dashboard"), {"year": YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    assert "帮扶报表：东区总工会" in text
    assert "4,600.50" in text  # 1,000 + 500.50 + 2,000 + 300 + 800
    assert "西区" not in text and "9,000.00" not in text
    data = chart_data(response)
    assert [c["name"] for c in data["children"]] == ["东一街道总工会"]
    assert data["children"][0]["url"] == reverse("reports:node", args=[city.t1.pk]) + f"?year={YEAR}"
    assert sum(data["approved"]) == 4600.5


def test_the_breadcrumb_shows_only_ancestors_in_reach(city: City) -> None:
    populate(city)
    response = city.client("cadre_t1").get(reverse("reports:node", args=[city.u1.pk]), {"year": YEAR})
    crumbs = re.search(r'data-testid="report-crumbs">(.*?)</nav>', response.content.decode(), re.S)
    assert crumbs
    assert "东一街道总工会" in crumbs.group(1) and "东方机械公司工会" in crumbs.group(1)
    assert "东区总工会" not in crumbs.group(1) and "测试市总工会" not in crumbs.group(1)


def test_the_fund_filter_narrows_the_money(city: City) -> None:
    made = populate(city)
    response = city.client("city_admin").get(
        reverse("reports:node", args=[city.city.pk]), {"year": YEAR, "fund": made["other_fund"].pk}
    )
    assert response.status_code == 200
    data = chart_data(response)
    assert sum(data["approved"]) == 800.0


def test_a_city_admin_with_the_whole_city_sees_both_districts(city: City) -> None:
    populate(city)
    response = city.client("city_admin").get(reverse("reports:dashboard"), {"year": YEAR})
    assert {c["name"] for c in chart_data(response)["children"]} == {"东区总工会", "西区总工会"}


def test_the_export_holds_the_same_tables_and_is_audited(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:node_export", args=[city.d1.pk]), {"year": YEAR})
    assert response.status_code == 200
    rows = sheet(response)
    assert rows[0][:4] == ["报表", "项目", "笔数/户数/张数/次数", "金额（元）"]
    by_org = {r[1]: r for r in rows if r[0] == "按组织·救助资金"}
    assert by_org["东区总工会（合计）"][3] == 4600.5
    assert by_org["东一街道总工会"][2] == 5
    assert {r[1] for r in rows if r[0] == "十送·按类别" and r[2]} == {"送文化", "送法律"}
    cells = " ".join(str(c) for r in rows for c in r)
    assert "西区" not in cells and "9000" not in cells
    assert AuditEvent.objects.filter(action="reports.export", org=city.d1).exists()


def test_an_outsider_gets_404_for_another_districts_report_and_export(city: City) -> None:
    populate(city)
    client = city.client("outsider")
    assert client.get(reverse("reports:node", args=[city.d1.pk])).status_code == 404
    assert client.get(reverse("reports:node_export", args=[city.u1.pk])).status_code == 404
    assert client.get(reverse("reports:node", args=[999_999])).status_code == 404


def test_a_merchant_and_an_information_officer_have_no_reports(city: City) -> None:
    for name in ("merchant_d1", "info_u1", "worker_u1", "nobody"):
        assert city.client(name).get(reverse("reports:dashboard")).status_code == 404


def test_a_user_with_two_separate_grants_first_chooses_among_them(city: City) -> None:
    populate(city)
    chair = city.users["chair_u1"]
    Grant.objects.create(user=chair, role=Role.GRASSROOTS_STAFF, org=city.u3)
    response = city.client("chair_u1").get(reverse("reports:dashboard"), {"year": YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    assert "东方机械公司工会" in text and "西方纺织公司工会" in text
    assert reverse("reports:node", args=[city.u3.pk]) in text
    assert "9,000.00" in text  # U3's money, seen by right of the second grant
    assert "东一街道总工会" not in text  # nothing above the grants


def test_a_name_that_looks_like_a_formula_is_exported_as_text(city: City) -> None:
    made = populate(city)
    Programme.objects.filter(pk=made["living"].pk).update(name="=HYPERLINK(1)")
    rows = sheet(city.client("cadre_d1").get(reverse("reports:node_export", args=[city.d1.pk]), {"year": YEAR}))
    assert ["按项目·救助资金", "'=HYPERLINK(1)"] in [r[:2] for r in rows]


def test_a_unit_picked_in_the_filter_opens_its_report_and_a_foreign_one_is_refused(city: City) -> None:
    client = city.client("cadre_d1")
    page = client.get(reverse("reports:dashboard"), {"year": YEAR})
    text = page.content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=assistance.view"' in text
    assert f'<option value="{city.d1.code}" selected>' in text
    picked = client.get(reverse("reports:node", args=[city.d1.pk]), {"year": YEAR, "unit": city.u1.code})
    assert picked.status_code == 302
    assert picked["Location"] == reverse("reports:node", args=[city.u1.pk]) + f"?year={YEAR}"
    foreign = client.get(reverse("reports:node", args=[city.d1.pk]), {"year": YEAR, "unit": city.u3.code})
    assert foreign.status_code == 200
    assert foreign.context["unit"] == city.d1
    assert foreign.context["form"].errors["unit"] == ["在您的权限范围内没有这个编码的组织。"]
    assert city.u3.name not in foreign.content.decode()
