"""The rights dashboard page and its Excel export: the figures, the drill-down and case-list links, the
breadcrumb, the export, and the outsider's 404."""

from __future__ import annotations

import io
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.core.audit import AuditEvent
from unionhall.orgs.models import Grant, Role
from unionhall.reports.tests.test_rights_selectors import populate
from unionhall.tests.city import City

D2_MARKS = ("西区总工会", "西一街道总工会", "西方纺织", "7,777.00")
D1_MARKS = ("东区总工会", "东一街道总工会", "东方机械", "东一村", "3,000.00", "农民工欠薪")


def sheet(response: Any) -> list[list[Any]]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def chart_data(response: Any) -> dict[str, Any]:
    found = re.search(r'<script id="rights-data" type="application/json">(.*?)</script>', response.content.decode())
    assert found
    return json.loads(found.group(1))


def links(response: Any) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', response.content.decode())]


def case_list_queries(response: Any) -> list[dict[str, list[str]]]:
    base = reverse("rights:case_list")
    return [parse_qs(urlsplit(h).query) for h in links(response) if urlsplit(h).path == base]


def test_a_district_cadre_sees_its_district_with_each_child_drilling_down(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:rights"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "维权统计：东区总工会" in text
    assert "3,000.00" in text  # wages recovered in D1 (the older 1,000 too: 4,000.00 in all)
    assert "4,000.00" in text
    for mark in D2_MARKS:
        assert mark not in text, mark
    children = response.context["report"]().children
    assert [c.org.name for c in children] == ["东一街道总工会"]
    assert (children[0].figures.open, children[0].figures.overdue) == (5, 2)
    url = reverse("reports:rights_node", args=[city.t1.pk])
    assert url in links(response)
    drilled = city.client("cadre_d1").get(url)
    assert drilled.status_code == 200
    assert "维权统计：东一街道总工会" in drilled.content.decode()
    assert [c.org.name for c in drilled.context["report"]().children] == ["东方机械公司工会", "东一村工会"]


def test_each_figure_links_to_the_filtered_case_list(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:rights_node", args=[city.d1.pk]))
    queries = case_list_queries(response)
    d1, t1 = str(city.d1.pk), str(city.t1.pk)
    assert {"status": ["open"], "org": [d1]} in queries
    assert {"overdue": ["1"], "org": [d1]} in queries
    assert {"status": ["closed"], "org": [t1]} in queries
    assert {"status": ["open"], "category": ["wage_arrears"], "org": [d1]} in queries
    handler = str(city.users["chair_u1"].pk)
    assert {"overdue": ["1"], "handler": [handler], "org": [d1]} in queries
    assert {"q": [city.e1.name], "org": [d1]} in queries  # an employer's cases
    risks = [parse_qs(urlsplit(h).query) for h in links(response) if urlsplit(h).path == reverse("rights:risk_list")]
    assert {"org": [city.d1.code], "status": ["open"], "level": ["red"]} in risks
    assert {"org": [city.t1.code], "status": ["open"]} in risks
    # The figure next to the link is the count the link asks for.
    text = response.content.decode().replace("&amp;", "&")
    open_link = reverse("rights:case_list") + f"?status=open&org={d1}"
    assert re.search(re.escape(f'href="{open_link}">') + r"\s*6<", text)


def test_the_breadcrumb_shows_only_ancestors_in_reach(city: City) -> None:
    populate(city)
    response = city.client("cadre_t1").get(reverse("reports:rights_node", args=[city.u1.pk]))
    crumbs = re.search(r'data-testid="report-crumbs">(.*?)</nav>', response.content.decode(), re.S)
    assert crumbs
    assert "东一街道总工会" in crumbs.group(1) and "东方机械公司工会" in crumbs.group(1)
    assert "东区总工会" not in crumbs.group(1)


def test_the_outsider_sees_nothing_of_d1_but_counts_the_shared_case_as_shared(city: City) -> None:
    populate(city)
    client = city.client("outsider")
    response = client.get(reverse("reports:rights"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "维权统计：西区总工会" in text and "7,777.00" in text
    for mark in D1_MARKS:
        assert mark not in text, mark
    shared = re.search(r'data-testid="stat-shared">.*?rep-num">(\d+)<', text, re.S)
    assert shared and shared.group(1) == "1"
    rows = sheet(client.get(reverse("reports:rights_export", args=[city.d2.pk])))
    cells = " ".join(str(c) for r in rows for c in r)
    for mark in D1_MARKS:
        assert mark not in cells, mark


def test_an_outsider_and_a_third_union_get_404_for_d1_even_with_a_shared_case(city: City) -> None:
    populate(city)
    for name in ("outsider", "chair_u3"):
        client = city.client(name)
        for url in (
            reverse("reports:rights_node", args=[city.d1.pk]),
            reverse("reports:rights_node", args=[city.u1.pk]),
            reverse("reports:rights_export", args=[city.u1.pk]),
            reverse("reports:rights_node", args=[city.city.pk]),
            reverse("reports:rights_node", args=[999_999]),
        ):
            assert client.get(url).status_code == 404, (name, url)


def test_who_holds_no_rights_view_has_no_dashboard(city: City) -> None:
    for name in ("merchant_d1", "info_u1", "worker_u1", "sysadmin", "nobody"):
        assert city.client(name).get(reverse("reports:rights")).status_code == 404, name


def test_a_user_with_two_separate_grants_first_chooses_among_them(city: City) -> None:
    populate(city)
    Grant.objects.create(user=city.users["chair_u1"], role=Role.GRASSROOTS_STAFF, org=city.u3)
    response = city.client("chair_u1").get(reverse("reports:rights"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "东方机械公司工会" in text and "西方纺织公司工会" in text
    assert reverse("reports:rights_node", args=[city.u3.pk]) in text
    assert "7,777.00" in text
    assert "东一街道总工会" not in text


def test_the_export_holds_the_same_tables_with_no_foreign_rows_and_is_audited(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:rights_export", args=[city.d1.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = sheet(response)
    assert rows[0][:6] == ["报表", "项目", "案件数", "在办", "超期", "已办结"]
    by_org = {r[1]: r for r in rows if r[0] == "按组织（承办工会）"}
    assert by_org["东区总工会（合计）"][2:7] == [10, 6, 2, 3, 4000.0]
    assert by_org["东一街道总工会"][3:5] == [5, 2]
    handlers = {r[1]: r[3:5] for r in rows if r[0] == "按承办人（在办）"}
    assert handlers["chair_u1"] == [1, 1]
    assert len([r for r in rows if r[0].startswith("按月份")]) == 12
    assert [r[2] for r in rows if r[0].startswith("满意度分布")] == [0, 0, 1, 1, 1]
    cells = " ".join(str(c) for r in rows for c in r)
    for mark in D2_MARKS:
        assert mark not in cells
    assert "7777" not in cells
    assert AuditEvent.objects.filter(action="reports.rights_export", org=city.d1).exists()


def test_the_nav_shows_the_rights_dashboard_to_who_may_read_it(city: City) -> None:
    url = reverse("reports:rights")
    assert f'href="{url}"' in city.client("chair_u1").get(reverse("console:home")).content.decode()
    assert f'href="{url}"' not in city.client("info_u1").get(reverse("console:home")).content.decode()
