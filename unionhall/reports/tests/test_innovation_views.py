"""The innovation and competitions dashboard's pages and export: the figures, each linking to the list of what
it counts (and that list showing exactly that many), the drill-down to a child, the chart data, the export,
and the outsider's 404."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.core.audit import AuditEvent
from unionhall.innovation.models import Kind, Status
from unionhall.reports.tests.innovation_support import competition, member, submission
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db

D2_MARKS = ("西区总工会", "西一街道总工会", "西方纺织", "西区劳动竞赛", "7,777.00")


def populate(city: City) -> int:
    """This year: U1 two members, three submissions (one adopted in March, one verified at 1,234 元 in May);
    U2 one member, no submission; U3 (西区) a verified submission and its own competition. A 东区 competition
    with U1 second."""
    year = timezone.localdate().year
    a, b = member(city.u1), member(city.u1)
    member(city.u2)
    submission(city.u1, [a, b], on=date(year, 1, 10))
    submission(city.u1, [a], on=date(year, 3, 10), status=Status.ADOPTED, kind=Kind.SMALL_INVENTION)
    submission(city.u1, [b], on=date(year, 5, 10), status=Status.BENEFIT_VERIFIED, benefit_fen=1_234_00)
    submission(city.u1, [b], on=date(year - 1, 5, 10), status=Status.BENEFIT_VERIFIED, benefit_fen=9_000_00)
    c = member(city.u3)
    submission(city.u3, [c], on=date(year, 5, 10), status=Status.BENEFIT_VERIFIED, benefit_fen=7_777_00)
    competition(city.d1, [(city.u2, ""), (city.u1, "一班组")], title="东区劳动竞赛", year=year)
    competition(city.u3, [(city.u3, "")], title="西区劳动竞赛", year=year)
    return year


def links(response: Any) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', response.content.decode())]


def chart_data(response: Any) -> dict[str, Any]:
    found = re.search(r'<script id="innovation-data" type="application/json">(.*?)</script>', response.content.decode())
    assert found
    return json.loads(found.group(1))


def test_a_district_cadre_opens_its_district_with_each_child_drilling_down(city: City) -> None:
    year = populate(city)
    client = city.client("cadre_d1")
    response = client.get(reverse("reports:innovation"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "创新与竞赛统计：东区总工会" in text and "1,234.00" in text
    for mark in D2_MARKS:
        assert mark not in text, mark
    report = response.context["report"]()
    assert [c.org.name for c in report.children] == ["东一街道总工会"]
    t = report.total
    assert (t.members, t.participants, str(t.rate)) == (3, 2, "66.7")
    assert (t.submissions, t.adopted, t.verified, t.benefit_fen) == (3, 2, 1, 1_234_00)
    assert (t.organized, t.entries) == (1, 2)
    child = reverse("reports:innovation_node", args=[city.t1.pk]) + f"?year={year}"
    assert child in links(response)
    drilled = client.get(child)
    assert drilled.status_code == 200
    assert [c.org.name for c in drilled.context["report"]().children] == [city.u1.name, city.u2.name]
    assert 'data-testid="report-crumbs"' in drilled.content.decode()


def test_every_submission_figure_links_to_a_list_showing_exactly_that_many(city: City) -> None:
    populate(city)
    client = city.client("cadre_d1")
    response = client.get(reverse("reports:innovation_node", args=[city.t1.pk]))
    base = reverse("innovation:list")
    targets = [h for h in links(response) if urlsplit(h).path == base and urlsplit(h).query]  # not the sidebar
    assert len(targets) > 20
    report = response.context["report"]()
    expected = {
        (city.u1.code, ""): (3, 2, 1),
        (city.u2.code, ""): (0, 0, 0),
        (city.t1.code, ""): (3, 2, 1),
    }
    for url in targets:
        q = parse_qs(urlsplit(url).query)
        listed = client.get(url).context["page"].paginator.count
        org = q["org"][0]
        if "kind" in q or "month" in q:
            line = (
                next(x for x in report.by_kind if x.key == q["kind"][0])
                if "kind" in q
                else report.by_month[int(q["month"][0]) - 1]
            )
            figure = {"": line.submissions, "adopted": line.adopted, "verified": line.verified}
        else:
            n, adopted, verified = expected[(org, "")]
            figure = {"": n, "adopted": adopted, "verified": verified}
        assert listed == figure[q.get("reached", [""])[0]], url


def test_the_competitions_name_their_leaders_and_link_to_the_live_ranking(city: City) -> None:
    populate(city)
    response = city.client("chair_u1").get(reverse("reports:innovation"))
    text = response.content.decode()
    ours = response.context["report"]().competitions
    assert [c.competition.title for c in ours] == ["东区劳动竞赛"]
    ranking = reverse("competitions:ranking", args=[ours[0].competition.pk])
    assert ranking in links(response)
    assert f"2. {city.u1.name} 一班组" in text and "第 2 名" in text
    assert city.client("chair_u1").get(ranking).status_code == 200


def test_the_chart_data_carry_months_kinds_and_children_with_their_links(city: City) -> None:
    year = populate(city)
    data = chart_data(city.client("cadre_t1").get(reverse("reports:innovation")))
    assert data["year"] == year and len(data["months"]) == 12
    assert data["adopted"][2] == 1 and data["adopted"][4] == 1 and sum(data["adopted"]) == 2
    assert data["benefit"][4] == 1234.0 and data["benefit_before"][4] == 9000.0
    kinds = {k["name"]: k for k in data["kinds"]}
    assert kinds["小发明"]["adopted"] == 1
    rates = {c["name"]: c["rate"] for c in data["children"]}
    assert rates == {city.u1.name: 100.0, city.u2.name: 0.0}
    assert all(c["url"].startswith(reverse("reports:innovation_node", args=[0])[:-2]) for c in data["children"])


def test_the_year_filter_counts_last_years_submissions(city: City) -> None:
    year = populate(city)
    response = city.client("cadre_t1").get(reverse("reports:innovation"), {"year": year - 1})
    t = response.context["report"]().total
    assert (t.submissions, t.benefit_fen, t.participants) == (1, 9_000_00, 1)


def test_a_unit_picked_out_of_reach_is_refused_at_the_field(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:innovation"), {"unit": city.u3.code})
    assert response.status_code == 200
    assert "在您的权限范围内没有这个编码的组织。" in response.content.decode()
    picked = city.client("cadre_d1").get(reverse("reports:innovation"), {"unit": city.u1.code})
    assert picked.status_code == 302 and picked["Location"].startswith(
        reverse("reports:innovation_node", args=[city.u1.pk])
    )


def test_the_export_holds_every_table_and_is_audited(city: City) -> None:
    populate(city)
    response = city.client("cadre_d1").get(reverse("reports:innovation_export", args=[city.d1.pk]))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    cells = rows.to_python()
    tables = {r[0] for r in cells[1:]}
    assert {"按组织", "按类别", "劳动竞赛"} <= tables
    total = next(r for r in cells if r[1] == "东区总工会（合计）")
    assert total[2:9] == [3, 2, 66.7, 3, 2, 1, 1234.0]
    assert not any(mark in " ".join(map(str, r)) for r in cells for mark in D2_MARKS)
    assert AuditEvent.objects.filter(action="reports.innovation_export", org=city.d1).exists()


def test_the_outsider_gets_404_for_a_unit_of_the_other_district(city: City) -> None:
    populate(city)
    client = city.client("outsider")
    for name in ("reports:innovation_node", "reports:innovation_export"):
        response = client.get(reverse(name, args=[city.d1.pk]))
        assert response.status_code == 404
        assert "东方机械" not in response.content.decode()
    own = client.get(reverse("reports:innovation"))
    assert own.status_code == 200 and "西区总工会" in own.content.decode()
    assert "东区劳动竞赛" not in own.content.decode()


def test_an_information_officer_and_a_worker_have_no_dashboard(city: City) -> None:
    for who in ("info_u1", "worker_u1", "nobody"):
        assert city.client(who).get(reverse("reports:innovation")).status_code == 404
