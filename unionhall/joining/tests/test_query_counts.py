"""No N+1 on online joining's lists: the review list and the public employer search run the same queries however
many rows they show."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from unionhall.joining import services
from unionhall.orgs.models import Division, Employer
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City, uscc
from unionhall.tests.factories import submit
from unionhall.tests.factories import valid_id as resident_id
from unionhall.tests.querycount import assert_queries_do_not_grow, links

MARK = "增长"  # in the name of every row a test adds
_serial = count(1)


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def applications(city: City, n: int) -> None:
    """n applications to the unions and units of D1 (a covered employer, an uncovered one, none from the register),
    pending, approved into a membership, or rejected."""
    covered_by_u2 = Employer.objects.get_or_create(
        uscc=uscc("320508GGGG5555"), defaults={"name": "东一村合作社", "org": city.t1, "union": city.u2}
    )[0]
    employers: list[dict[str, Any]] = [
        {"employer": city.e1},
        {"employer": city.e0},
        {"employer": covered_by_u2},
        {"employer": None, "employer_text": "名录外的小店", "area": city.d1},
    ]
    for k in range(n):
        i = next(_serial)
        app = submit(
            city,
            name=f"{MARK}申请人{i}",
            id_number=resident_id(f"32050819{80 + i % 20}0307{i % 1000:03d}"),
            phone=f"138{i:08d}",
            **employers[k % len(employers)],
        )
        if k % 3 == 1 and app.proposed_union is not None:
            services.join_application_approve(actor=SYSTEM, application=app)
        elif k % 3 == 2:
            services.join_application_reject(actor=SYSTEM, application=app, reason="材料不全")


def test_application_list_queries_do_not_grow_with_rows(city: City) -> None:
    applications(city, 2)
    client = city.client("cadre_d1")
    url = reverse("joining:applications") + "?status="
    shown = assert_queries_do_not_grow(
        lambda: client.get(url), grow=lambda: applications(city, 13), rows=links("joining:application")
    )
    assert shown == (2, 15)
    assert MARK not in city.client("outsider").get(url).content.decode()


def employers(city: City, n: int) -> None:
    """n employers named alike in both districts, some placed in a division and some only by their unit."""
    division = Division.objects.get_or_create(code="320506000000", defaults={"name": "吴中区", "level": 3})[0]
    for k in range(n):
        i = next(_serial)
        Employer.objects.create(
            name=f"{MARK}公司{i}",
            uscc=uscc(f"3205069{i:08d}"),
            org=[city.t1, city.t2, city.u1, city.d2][k % 4],
            division=division if k % 2 else None,
        )


def test_public_employer_search_queries_do_not_grow_with_hits(city: City) -> None:
    employers(city, 2)
    anonymous = Client()
    url = reverse("joining:employers") + f"?q={MARK}"
    shown = assert_queries_do_not_grow(
        lambda: anonymous.get(url),
        grow=lambda: employers(city, 7),
        rows=lambda c: c.text.count('name="employer"'),
    )
    assert shown == (2, 9)
    # The search is public by design, as the register is: there is no outsider to refuse, only a limit to keep.
    employers(city, 5)
    assert anonymous.get(url).content.decode().count('name="employer"') == 10
