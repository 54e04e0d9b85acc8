"""No N+1 on the coverage lists: the dashboard's children, the 三同步, election and organizing-task lists, their
exports and the coverage API run the same queries however many rows they show."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.urls import reverse
from django.utils import timezone

from unionhall.coverage.models import OrganizingTask, TaskKind, TaskStatus
from unionhall.coverage.tests.support import load_divisions, member
from unionhall.orgs.models import Division, Employer, GrassrootsKind, OrgLevel, OrgUnit
from unionhall.tests.city import City, make_unit, uscc
from unionhall.tests.querycount import assert_queries_do_not_grow, counted, json_items, links, sheet_rows, sheet_text

MARK = "增长"  # in the name of every row a test adds
_serial = count(1)


def units(parent: OrgUnit, n: int) -> None:
    """n units under `parent`, each with employers (covered or not), members and a unit below it."""
    for k in range(n):
        i = next(_serial)
        parent.refresh_from_db()
        if parent.level == OrgLevel.DISTRICT:
            unit = make_unit(parent, f"{parent.code}-G{i}", f"{MARK}街道{i}", OrgLevel.TOWN)
            union = make_unit(
                unit, f"{unit.code}-U", f"{MARK}工会{i}", OrgLevel.GRASSROOTS, kind=GrassrootsKind.ENTERPRISE
            )
        else:
            kind = GrassrootsKind.NEW_EMPLOYMENT if k % 2 else GrassrootsKind.ENTERPRISE
            unit = union = make_unit(parent, f"{parent.code}-G{i}", f"{MARK}工会{i}", OrgLevel.GRASSROOTS, kind=kind)
            make_unit(union, f"{union.code}-B", f"{MARK}分工会{i}", OrgLevel.BRANCH)
        covered = Employer.objects.create(
            name=f"{MARK}单位{i}", uscc=uscc(f"3205061{i:08d}"), org=unit, union=union, employee_count=30 + i
        )
        Employer.objects.create(name=f"{MARK}未建会{i}", uscc=uscc(f"3205062{i:08d}"), org=unit, employee_count=50)
        for j in range(k % 3 + 1):
            member(union, employer=covered, platform=j == 0)


def test_coverage_dashboard_queries_do_not_grow_with_children(city: City) -> None:
    load_divisions(city)
    client = city.client("cadre_d1")
    url = reverse("coverage:dashboard")
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: units(city.d1, 13), rows=links("coverage:node")
    )
    assert shown == (2, 15)  # D1 in the breadcrumb, T1; then the added towns
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_coverage_node_queries_do_not_grow_with_children(city: City) -> None:
    load_divisions(city)
    client = city.client("cadre_d1")
    url = reverse("coverage:node", kwargs={"pk": city.t1.pk})
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: units(city.t1, 12), rows=links("coverage:node")
    )
    assert shown == (4, 16)  # D1 and T1 in the breadcrumb, U1 and U2; then the added unions
    assert city.client("outsider").get(url).status_code == 404


def test_coverage_node_export_queries_do_not_grow_with_children(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("coverage:node_export", kwargs={"pk": city.t1.pk})
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: units(city.t1, 12), rows=sheet_rows)
    assert shown == (4, 16)  # the total, T1's own, U1 and U2; then the added unions
    assert city.client("outsider").get(url).status_code == 404


def test_api_coverage_node_queries_do_not_grow_with_children(city: City) -> None:
    load_divisions(city)
    client = city.client("cadre_d1")
    url = reverse("api:coverage_node", kwargs={"org_id": city.d1.pk})
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: units(city.d1, 13), rows=json_items("children")
    )
    assert shown == (1, 14)
    assert city.client("outsider").get(url).status_code == 404


# --- 三同步 ----------------------------------------------------------------------------------------


def late_employers(city: City, n: int) -> None:
    """n employers registered since the 三同步 start that miss a check: without a union, with a union founded
    late, or with too few members; under different territory units and unions of D1."""
    OrgUnit.objects.filter(pk=city.u2.pk).update(founded_on=date(2025, 6, 1))
    places = [city.t1, city.d1, city.t1]
    unions = [None, city.u1, city.u2, None]
    for k in range(n):
        i = next(_serial)
        e = Employer.objects.create(
            name=f"{MARK}单位{i}",
            uscc=uscc(f"3205063{i:08d}"),
            org=places[k % len(places)],
            union=unions[k % len(unions)],
            employee_count=40,
            registered_on=date(2024, 3, k % 28 + 1),
            opened_on=date(2024, 4, 1) if k % 2 else None,
        )
        if e.union is not None and k % 3:
            member(e.union, employer=e)


def test_sync_list_queries_do_not_grow_with_rows(city: City) -> None:
    late_employers(city, 2)
    client = city.client("cadre_d1")
    url = reverse("coverage:sync")
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: late_employers(city, 13), rows=links("orgs:employer")
    )
    assert shown == (2, 21)  # a row per check missed: one to three per employer
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_sync_export_queries_do_not_grow_with_rows(city: City) -> None:
    late_employers(city, 2)
    client = city.client("cadre_d1")
    url = reverse("coverage:sync_export")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: late_employers(city, 13), rows=sheet_rows)
    assert shown == (2, 21)
    assert MARK not in sheet_text(counted(lambda: city.client("outsider").get(url)))


# --- committee elections ---------------------------------------------------------------------------


def overdue_units(city: City, n: int) -> None:
    """n units of D1 whose committee term ran out, or that have no chair, or both, at different levels."""
    for k in range(n):
        i = next(_serial)
        parent = [city.t1, city.d1][k % 2]
        parent.refresh_from_db()
        level = [OrgLevel.GRASSROOTS, OrgLevel.JOINT, OrgLevel.GRASSROOTS][k % 3]
        kind = GrassrootsKind.ENTERPRISE if level == OrgLevel.GRASSROOTS else ""
        overdue = {"term_years": 3, "term_started_on": date(2020, 1, 1), "term_ends_on": date(2023, 1, k % 28 + 1)}
        make_unit(
            parent,
            f"{parent.code}-E{i}",
            f"{MARK}工会{i}",
            level,
            kind=kind,
            chair_name="" if k % 2 else "张主席",
            **(overdue if k % 4 != 1 else {}),
        )


def test_election_list_queries_do_not_grow_with_rows(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("coverage:elections")
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: overdue_units(city, 13), rows=links("orgs:detail")
    )
    assert shown == (2, 15)  # U1 (overdue, no chair) and U2 (no chair); then the added units
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_election_export_queries_do_not_grow_with_rows(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("coverage:elections_export")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: overdue_units(city, 13), rows=sheet_rows)
    assert shown == (2, 15)
    assert MARK not in sheet_text(counted(lambda: city.client("outsider").get(url)))


# --- organizing tasks ------------------------------------------------------------------------------


def tasks(city: City, n: int) -> None:
    """n tasks of D1: employers with and without a union by now, villages and communities with and without
    one, open and closed, assigned to different cadres or to nobody."""
    assignees = [city.users["cadre_d1"], city.users["cadre_t1"], None]
    for k in range(n):
        i = next(_serial)
        org = [city.t1, city.d1][k % 2]
        task = OrganizingTask(org=org, assignee=assignees[k % len(assignees)], created_by_name="test")
        if k % 3:
            task.kind = TaskKind.EMPLOYER
            task.employer = Employer.objects.create(
                name=f"{MARK}单位{i}",
                uscc=uscc(f"3205064{i:08d}"),
                org=org,
                union=city.u1 if k % 3 == 2 else None,
                employee_count=30,
            )
        else:
            kind = Division.Kind.VILLAGE if k % 2 else Division.Kind.COMMUNITY
            task.kind = TaskKind.VILLAGE if kind == Division.Kind.VILLAGE else TaskKind.COMMUNITY
            task.division = Division.objects.create(
                code=f"320508001{i % 1000:03d}", name=f"{MARK}村{i}", level=Division.Level.VILLAGE, kind=kind
            )
            if k % 2:
                t1 = OrgUnit.objects.get(pk=city.t1.pk)
                make_unit(
                    t1,
                    f"V{i}",
                    f"{MARK}村工会{i}",
                    OrgLevel.GRASSROOTS,
                    kind=GrassrootsKind.VILLAGE,
                    division=task.division,
                )
        if k % 4 == 0:
            task.status = TaskStatus.CLOSED
            task.closed_at = timezone.now()
            task.closing_union = city.u1
        task.save()


def test_task_list_queries_do_not_grow_with_rows(city: City) -> None:
    tasks(city, 2)
    client = city.client("cadre_d1")
    url = reverse("coverage:tasks") + "?status=all"
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: tasks(city, 13), rows=links("coverage:task")
    )
    assert shown == (2, 15)
    assert MARK not in city.client("outsider").get(url).content.decode()


def test_task_export_queries_do_not_grow_with_rows(city: City) -> None:
    tasks(city, 2)
    client = city.client("cadre_d1")
    url = reverse("coverage:tasks_export") + "?status=all"
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: tasks(city, 13), rows=sheet_rows)
    assert shown == (2, 15)
    assert MARK not in sheet_text(counted(lambda: city.client("outsider").get(url)))
