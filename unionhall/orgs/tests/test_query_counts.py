"""No N+1 on the tree's lists and the employer register: pages, exports and API lists run the same queries
however many rows they show."""

from __future__ import annotations

from itertools import count

from django.urls import reverse

from unionhall.orgs.models import Division, Employer, GrassrootsKind, OrgLevel, OrgStatus, OrgUnit
from unionhall.tests.city import City, make_unit, uscc
from unionhall.tests.querycount import assert_queries_do_not_grow, counted, json_items, links, sheet_rows, sheet_text

MARK = "增长"  # in the name of every row a test adds, so an outsider's page can be searched for them
_serial = count(1)

# Levels that may stand under a district, with the kind a grassroots union needs.
UNDER_DISTRICT = [
    (OrgLevel.TOWN, ""),
    (OrgLevel.INDUSTRY, ""),
    (OrgLevel.JOINT, ""),
    (OrgLevel.GRASSROOTS, GrassrootsKind.ENTERPRISE),
    (OrgLevel.GRASSROOTS, GrassrootsKind.NEW_EMPLOYMENT),
]
UNDER_TOWN = (OrgLevel.GRASSROOTS, GrassrootsKind.ENTERPRISE)


def units(parent: OrgUnit, n: int, *, closed: bool = False) -> list[OrgUnit]:
    """n units under `parent` of different levels, each covering an employer, every other one with a child
    of its own; with `closed`, every third one dissolved."""
    made = []
    for k in range(n):
        i = next(_serial)
        parent.refresh_from_db()
        level, kind = UNDER_DISTRICT[k % len(UNDER_DISTRICT)] if parent.level == OrgLevel.DISTRICT else UNDER_TOWN
        unit = make_unit(parent, f"{parent.code}-G{i}", f"{MARK}工会{i}", level, kind=kind)
        if k % 2:
            child_level = OrgLevel.BRANCH if level == OrgLevel.GRASSROOTS else OrgLevel.GRASSROOTS
            child_kind = "" if level == OrgLevel.GRASSROOTS else GrassrootsKind.PUBLIC
            make_unit(unit, f"{unit.code}-C", f"{MARK}下级{i}", child_level, kind=child_kind)
        if closed and k % 3 == 0:
            OrgUnit.objects.filter(pk=unit.pk).update(status=OrgStatus.DISSOLVED)
        Employer.objects.create(name=f"{MARK}覆盖单位{i}", uscc=uscc(f"3205077{i:08d}"), org=parent, union=unit)
        made.append(unit)
    return made


def employers(city: City, n: int) -> None:
    """n employers spread over the units of D1 as territory and as covering union, with and without a division."""
    places = [city.t1, city.d1, city.t1, city.u1]
    unions = [None, city.u1, city.u2, city.b1, None]
    divisions = [
        None,
        Division.objects.get_or_create(code="320508000000", defaults={"name": "姑苏区", "level": 3})[0],
        Division.objects.get_or_create(code="320508001000", defaults={"name": "东一街道", "level": 4})[0],
    ]
    for k in range(n):
        i = next(_serial)
        Employer.objects.create(
            name=f"{MARK}单位{i}",
            uscc=uscc(f"3205088{i:08d}"),
            org=places[k % len(places)],
            union=unions[k % len(unions)],
            division=divisions[k % len(divisions)],
            employee_count=10 * i,
        )


def test_tree_queries_do_not_grow_with_children(city: City) -> None:
    units(city.d1, 1)
    client = city.client("cadre_d1")
    url = reverse("orgs:tree")
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: units(city.d1, 13), rows=links("orgs:detail")
    )
    assert shown == (3, 16)  # D1 itself, then T1 and the added units
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_tree_search_queries_do_not_grow_with_results(city: City) -> None:
    units(city.d1, 1)
    units(city.t1, 1)
    client = city.client("cadre_d1")
    url = reverse("orgs:tree") + f"?q={MARK}"
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: (units(city.d1, 7), units(city.t1, 6)), rows=links("orgs:detail")
    )
    assert shown == (2, 21)  # every other added unit brings a child whose name also matches
    assert links("orgs:detail")(counted(lambda: city.client("outsider").get(url))) == 0


def test_tree_node_children_queries_do_not_grow_with_children(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("orgs:children", kwargs={"pk": city.t1.pk})
    shown = assert_queries_do_not_grow(
        lambda: client.get(url, HTTP_HX_REQUEST="true"), grow=lambda: units(city.t1, 13), rows=links("orgs:detail")
    )
    assert shown == (2, 15)  # U1 and U2, then the added unions
    assert city.client("outsider").get(url).status_code == 404


def test_unit_page_queries_do_not_grow_with_children_and_employers(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("orgs:detail", kwargs={"pk": city.d1.pk})

    def rows(c):  # type: ignore[no-untyped-def]
        return links("orgs:detail")(c) + links("orgs:employer")(c)

    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: (units(city.d1, 8, closed=True), employers(city, 4)), rows=rows
    )
    # The breadcrumb's D1 and child T1 with employers E0 and E1; then 8 units (closed ones too) with the
    # 8 employers they cover, and 4 more employers.
    assert shown == (4, 24)
    assert city.client("outsider").get(url).status_code == 404


def test_employer_list_queries_do_not_grow_with_rows(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("orgs:employers")
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: employers(city, 13), rows=links("orgs:employer")
    )
    assert shown == (2, 15)  # E0 and E1, then the added ones
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_employer_export_queries_do_not_grow_with_rows(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("orgs:employer_export")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: employers(city, 13), rows=sheet_rows)
    assert shown == (2, 15)
    assert MARK not in sheet_text(counted(lambda: city.client("outsider").get(url)))


def test_api_org_list_queries_do_not_grow_with_rows(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("api:org_list")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: units(city.t1, 6), rows=json_items())
    assert shown == (5, 14)  # D1, T1, U1, B1, U2; then 6 unions, every other one with a branch
    assert not [i for i in city.client("outsider").get(url).json()["items"] if MARK in i["name"]]


def test_api_employer_list_queries_do_not_grow_with_rows(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("api:employer_list")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: employers(city, 13), rows=json_items())
    assert shown == (2, 15)
    assert not [i for i in city.client("outsider").get(url).json()["items"] if MARK in i["name"]]
