"""Coverage rates on the small city: who each count belongs to, and how they roll up the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from unionhall.core.errors import NotFound
from unionhall.coverage import selectors
from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.tests.support import load_divisions, member
from unionhall.members.models import MembershipStatus
from unionhall.orgs.models import Employer, GrassrootsKind, OrgLevel, OrgStatus, OrgUnit
from unionhall.tests.city import City, make_unit, uscc


@pytest.fixture
def town(city: City) -> City:
    """The small city with divisions, a few members and two more employers.

    E-small (10 employees) is below the threshold; E-cross sits in T1 but is covered by U3 in the other district.
    """
    load_divisions(city)
    Employer.objects.create(name="东区小微商店", uscc=uscc("320508EEEE4444"), org=city.t1, employee_count=10)
    Employer.objects.create(
        name="东区跨区物流公司", uscc=uscc("320508FFFF5555"), org=city.t1, union=city.u3, employee_count=50
    )
    member(city.u1, employer=city.e1)
    member(city.u1, employer=city.e1)
    member(city.u1, status=MembershipStatus.RETAINED)
    member(city.u1, status=MembershipStatus.LEFT)
    member(city.b1, platform=True)
    member(city.u2, platform=True)
    member(city.u3, employer=city.e3)
    member(city.u3, status=MembershipStatus.TRANSFERRED)
    member(city.u3)
    return city


def tree(city: City) -> dict[str, selectors.NodeCoverage]:
    return selectors.coverage_tree(city.users["city_admin"], city.city)


def test_a_town_counts_its_employers_villages_and_the_members_of_its_unions(town: City) -> None:
    t1 = tree(town)[town.t1.path].total
    assert (t1.employers, t1.employers_covered) == (3, 2)  # E0, E1 and the cross-district one; not the small shop
    assert t1.unionization_rate == Decimal("0.6667")
    assert t1.covered_employees == 300  # E1 through U1; the cross-district employer's employees count at U3
    assert (t1.members, t1.platform_members) == (5, 2)  # 3 open in U1 (the one who left is not), B1, U2
    assert (t1.villages, t1.villages_with_union) == (2, 1)  # 东一村 has U2, 东二村 has none
    assert (t1.communities, t1.communities_with_union) == (1, 0)
    assert t1.membership_rate == Decimal("0.0167")


def test_a_union_counts_the_employees_it_covers_so_its_membership_rate_is_its_own(town: City) -> None:
    nodes = tree(town)
    u1, u3 = nodes[town.u1.path].total, nodes[town.u3.path].total
    assert (u1.members, u1.covered_employees) == (4, 300)
    assert u1.employers == 0  # employers count at their territory, T1
    assert (u3.members, u3.covered_employees) == (2, 170)
    assert u3.membership_rate == Decimal("0.0118")


def test_the_city_adds_up_every_district_and_its_own_village_outside_them(town: City) -> None:
    nodes = tree(town)
    own, total = nodes[town.city.path].own, nodes[town.city.path].total
    assert (own.villages, own.villages_with_union) == (1, 0)  # 北一村: 相城区 has no district union yet
    assert (total.employers, total.employers_covered, total.covered_employees) == (4, 3, 470)
    assert (total.members, total.platform_members) == (7, 2)
    assert (total.villages, total.villages_with_union, total.communities) == (4, 1, 2)
    assert total.unionization_rate == Decimal("0.7500")


def test_every_node_is_its_own_plus_its_childrens_totals(town: City) -> None:
    nodes = tree(town)
    for node in nodes.values():
        expected = node.own.copy()
        for child in nodes.values():
            if child.depth == node.depth + 1 and child.path.startswith(node.path):
                expected.add(child.total)
        assert node.total == expected, node.name


def test_a_node_is_measured_the_same_from_wherever_one_looks(town: City) -> None:
    from_city = tree(town)[town.t1.path]
    from_town = selectors.coverage_tree(town.users["cadre_t1"], town.t1)[town.t1.path]
    assert from_town.total == from_city.total
    assert from_town.own == from_city.own


def test_an_industry_union_never_answers_for_villages(town: City) -> None:
    make_unit(town.city, "JT", "交通运输行业工会", OrgLevel.INDUSTRY, division_id="320500000000")
    nodes = tree(town)
    assert nodes[town.city.path].own.villages == 1
    industry = OrgUnit.objects.get(code="JT")
    assert nodes[industry.path].total.villages == 0


def test_a_village_outside_every_units_division_is_not_counted(town: City) -> None:
    OrgUnit.objects.filter(pk=town.city.pk).update(division_id=None)
    town.city.refresh_from_db()
    nodes = tree(town)
    assert nodes[town.city.path].own.villages == 0  # 北一村 belongs to no unit now
    assert nodes[town.city.path].total.villages == 3


def test_a_dissolved_village_union_or_a_union_of_another_kind_leaves_the_village_without_a_union(town: City) -> None:
    OrgUnit.objects.filter(pk=town.u2.pk).update(status=OrgStatus.DISSOLVED)
    assert tree(town)[town.t1.path].total.villages_with_union == 0
    make_unit(
        town.t1,
        "D1-T1-U9",
        "东二村某企业工会",
        OrgLevel.GRASSROOTS,
        kind=GrassrootsKind.ENTERPRISE,
        division_id="320508001002",
    )
    assert tree(town)[town.t1.path].total.villages_with_union == 0
    make_unit(
        town.t1,
        "D1-T1-U8",
        "东二村工会",
        OrgLevel.GRASSROOTS,
        kind=GrassrootsKind.COMMUNITY,
        division_id="320508001002",
    )
    assert tree(town)[town.t1.path].total.villages_with_union == 1


def test_the_size_threshold_decides_which_employers_count(town: City) -> None:
    from unionhall.coverage.models import CoverageSettings

    CoverageSettings.objects.update_or_create(pk=1, defaults={"size_threshold": 5})
    t1 = tree(town)[town.t1.path].total
    assert (t1.employers, t1.employers_covered) == (4, 2)


def test_computing_every_node_takes_the_same_few_queries_however_big_the_tree(town: City) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            tree(town)
        return len(ctx.captured_queries)

    tree(town)  # settings row created on first use
    small = queries()
    for i in range(5):
        unit = make_unit(
            town.t2, f"D2-T1-X{i}", f"西区企业{i}工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.ENTERPRISE
        )
        Employer.objects.create(name=f"西区企业{i}", uscc=uscc(f"320506X{i}000000"), org=town.t2, union=unit)
        member(unit)
    assert queries() == small <= 10


def test_an_unit_out_of_scope_is_not_found(town: City) -> None:
    with pytest.raises(NotFound):
        selectors.coverage_tree(town.users["cadre_d1"], town.d2)
    with pytest.raises(NotFound):
        selectors.coverage_tree(town.users["info_u1"], town.u1)


def test_the_dashboard_shows_the_rates_the_children_and_the_path_in_reach(town: City) -> None:
    response = town.client("cadre_t1").get(reverse("coverage:node", kwargs={"pk": town.u1.pk}))
    assert [u.name for u in response.context["drill"]] == ["东一街道总工会", "东方机械公司工会"]
    assert [c.name for c in response.context["children"]] == ["东方机械公司一车间分工会"]
    text = response.content.decode()
    assert "1.3%" in text  # U1's membership rate: 4 members of 300 employees
    assert 'id="coverage-data"' in text


def test_the_top_of_the_users_scope_is_the_default_dashboard(town: City) -> None:
    response = town.client("cadre_d1").get(reverse("coverage:dashboard"))
    assert response.context["node"].id == town.d1.pk
    chart = response.context["chart"]["items"]
    assert [(i["name"], i["unionization"]) for i in chart] == [("东一街道总工会", 66.7)]
    assert chart[0]["url"] == reverse("coverage:node", kwargs={"pk": town.t1.pk})


def test_a_user_with_grants_in_two_places_chooses_among_them(town: City) -> None:
    from unionhall.orgs.models import Grant, Role

    user = town.users["chair_u3"]
    Grant.objects.create(user=user, role=Role.GRASSROOTS_STAFF, org=town.u1)
    response = town.client("chair_u3").get(reverse("coverage:dashboard"))
    assert response.context["node"] is None
    assert [c.name for c in response.context["children"]] == ["东方机械公司工会", "西方纺织公司工会"]


def test_the_dashboard_table_exports_the_total_the_units_own_part_and_each_child(town: City) -> None:
    import io

    from python_calamine import CalamineWorkbook

    response = town.client("cadre_d1").get(reverse("coverage:node_export", kwargs={"pk": town.t1.pk}))
    assert response["Content-Disposition"].startswith("attachment")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    table = rows.to_python()
    assert table[0][:6] == ["组织", "编码", "层级", "用人单位（达到规模）", "已建会单位", "建会率（%）"]
    assert [(r[0], r[3], r[4], r[5], r[7]) for r in table[1:]] == [
        ("东一街道总工会（合计）", 3, 2, 66.7, 5),
        ("东一街道总工会（本级直属）", 3, 2, 66.7, 0),
        ("东方机械公司工会", 0, 0, "", 4),
        ("东一村工会", 0, 0, "", 1),
    ]


def test_the_chart_carries_the_city_targets_and_the_page_says_there_is_no_previous_year(town: City) -> None:
    CoverageSettings.objects.update_or_create(pk=1, defaults={"unionization_target": Decimal("0.85")})
    response = town.client("cadre_d1").get(reverse("coverage:node", kwargs={"pk": town.d1.pk}))
    assert response.context["chart"]["targets"] == {"unionization": 85.0, "membership": None}
    text = response.content.decode()
    assert "建会率 85.0%" in text and "暂不能与上年比较" in text


def test_a_row_with_nothing_to_count_shows_a_dash_not_0_of_0(town: City) -> None:
    response = town.client("cadre_t1").get(reverse("coverage:node", kwargs={"pk": town.t1.pk}))
    table = response.content.decode().split('data-testid="coverage-table"')[1].split("</table>")[0]
    u1_row = table.split("东方机械公司工会")[1].split("</tr>")[0]
    assert "0 / 0" not in table
    assert '<td class="num">—</td>' in u1_row  # a grassroots union has no villages or communities under it
    union = town.client("cadre_t1").get(reverse("coverage:node", kwargs={"pk": town.u1.pk})).content.decode()
    assert "0 / 0" not in union and "没有计入本级的行政村" in union


def test_the_outsider_gets_no_dashboard_of_the_district(town: City) -> None:
    response = town.client("outsider").get(reverse("coverage:node", kwargs={"pk": town.d1.pk}))
    assert response.status_code == 404
    assert "东一街道总工会" not in response.content.decode()
