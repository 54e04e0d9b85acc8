"""No N+1 on the imports pages: the list of jobs and the upload page's target units run the same queries however
many rows they show."""

from __future__ import annotations

import re
from itertools import count

from django.urls import reverse

from unionhall.imports.models import ImportJob, JobStatus
from unionhall.members.import_kind import MEMBERS
from unionhall.orgs.import_kind import EMPLOYERS
from unionhall.orgs.models import GrassrootsKind, OrgLevel, OrgUnit
from unionhall.tests.city import City, make_unit
from unionhall.tests.querycount import Counted, assert_queries_do_not_grow, links

MARK = "增长"  # in the name of every row a test adds
_serial = count(1)


def jobs(city: City, n: int) -> None:
    """n jobs of both kinds at different units of D1, by different people, in every status."""
    people = [city.users["chair_u1"], city.users["cadre_d1"], city.users["cadre_t1"], None]
    member_units = [city.u1, city.u2, city.b1]
    employer_units = [city.t1, city.d1]
    statuses = list(JobStatus)
    for k in range(n):
        i = next(_serial)
        kind = EMPLOYERS if k % 3 == 0 else MEMBERS
        units = employer_units if kind == EMPLOYERS else member_units
        status = statuses[k % len(statuses)]
        ImportJob.objects.create(
            org=units[k % len(units)],
            kind=kind,
            file=f"imports/guard/{i}.xlsx",
            original_name=f"{MARK}名册{i}.xlsx",
            status=status,
            total_rows=10 * i,
            counts={"rows": 10 * i, "valid": 9 * i, "errors": i},
            outcome={"added": 8 * i, "updated": i, "errors": i} if status == JobStatus.COMMITTED else {},
            created_by=people[k % len(people)],
        )


def test_import_job_list_queries_do_not_grow_with_rows(city: City) -> None:
    jobs(city, 2)
    client = city.client("cadre_d1")
    url = reverse("imports:list")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: jobs(city, 13), rows=links("imports:job"))
    assert shown == (2, 15)
    assert MARK not in city.client("outsider").get(url).content.decode()


def unions(city: City, n: int) -> None:
    """n unions under the towns and the district of D1, every other one with a branch."""
    for k in range(n):
        i = next(_serial)
        parent = OrgUnit.objects.get(pk=[city.t1.pk, city.d1.pk][k % 2])
        union = make_unit(
            parent, f"{parent.code}-I{i}", f"{MARK}工会{i}", OrgLevel.GRASSROOTS, kind=GrassrootsKind.PUBLIC
        )
        if k % 2:
            make_unit(union, f"{union.code}-B", f"{MARK}分工会{i}", OrgLevel.BRANCH)


def targets(c: Counted) -> int:
    """The units the upload page suggests (members and employers lists, one datalist)."""
    found = re.search(r'<datalist id="import-targets">(.*?)</datalist>', c.text, re.S)
    assert found is not None
    return found.group(1).count("<option ")


def test_upload_page_target_queries_do_not_grow_with_units(city: City) -> None:
    client = city.client("cadre_d1")
    url = reverse("imports:new")
    shown = assert_queries_do_not_grow(lambda: client.get(url), grow=lambda: unions(city, 6), rows=targets)
    # U1, B1, U2 for members, the five units of D1 for employers, for competition results and for team costs;
    # then 9 more units in each of the four lists
    assert shown == (18, 54)
    assert MARK not in city.client("outsider").get(url).content.decode()
