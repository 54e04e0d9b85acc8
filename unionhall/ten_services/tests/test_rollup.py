"""The roll-up by kind and org: each node = its own records + its children's totals, and every figure
equals a naive recount over the subtree — for any set of records (hypothesis) and through the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.core.months import window, window_before
from unionhall.orgs.models import OrgUnit
from unionhall.ten_services import selectors
from unionhall.ten_services.models import DeliveryKind, ServiceDelivery
from unionhall.ten_services.selectors import DeliveryFilters
from unionhall.ten_services.tests.helpers import record
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db

RECORDS = st.lists(
    st.tuples(
        st.sampled_from(["city", "d1", "t1", "u1", "b1", "u2", "d2", "t2", "u3"]),
        st.sampled_from(DeliveryKind.values),
        st.integers(min_value=1, max_value=500),
        st.integers(min_value=0, max_value=1_000_000),
        st.integers(min_value=1, max_value=28),
    ),
    max_size=25,
)


def naive(node: OrgUnit, kind: str | None = None, since: date | None = None) -> tuple[int, int, int]:
    rows = [
        d
        for d in ServiceDelivery.objects.select_related("org")
        if d.org.path.startswith(node.path)
        and (kind is None or d.kind == kind)
        and (since is None or d.delivered_on >= since)
    ]
    return len(rows), sum(d.beneficiary_count for d in rows), sum(d.cost_fen for d in rows)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=RECORDS, since_day=st.one_of(st.none(), st.integers(min_value=1, max_value=28)))
def test_every_node_equals_a_naive_recount_of_its_subtree(
    city: City, records: list[tuple[str, str, int, int, int]], since_day: int | None
) -> None:
    ServiceDelivery.objects.all().delete()
    for where, kind, count, cost, day in records:
        record(getattr(city, where), kind, count=count, cost=cost, on=date(2026, 2, day))
    since = date(2026, 2, since_day) if since_day else None
    admin = city.users["city_admin"]
    for node in OrgUnit.objects.all():
        r = selectors.rollup(admin, node, DeliveryFilters(date_from=since))
        t = r.total.total
        assert (t.deliveries, t.beneficiaries, t.cost_fen) == naive(node, since=since)
        for kind in DeliveryKind.values:
            assert r.total.by_kind[kind].deliveries == naive(node, kind, since)[0]
        for child in r.children:
            assert child.unit is not None
            c = child.total
            assert (c.deliveries, c.beneficiaries, c.cost_fen) == naive(child.unit, since=since)
        own = r.own.total
        assert own.deliveries == sum(
            1 for d in ServiceDelivery.objects.filter(org=node) if since is None or d.delivered_on >= since
        )


def test_a_district_cadre_sees_nothing_of_the_other_district_in_the_city_roll_up(city: City) -> None:
    record(city.u1, "legal")
    record(city.u3, "legal")
    r = selectors.rollup(city.users["cadre_d1"], city.city)
    assert r.total.total.deliveries == 1


def test_the_page_drills_down_and_shows_the_chart_data(city: City) -> None:
    record(city.u1, "culture", count=5, cost=100_00)
    record(city.u2, "legal", count=7)
    record(city.t1, "care", count=1)
    client = city.client("cadre_d1")
    html = client.get(reverse("ten_services:rollup")).content.decode()
    assert city.t1.name in html and reverse("ten_services:rollup_node", args=[city.t1.pk]) in html
    assert 'id="rollup-data"' in html and "vendor/echarts.min.js" in html
    html = client.get(reverse("ten_services:rollup_node", args=[city.t1.pk])).content.decode()
    for unit in (city.u1, city.u2):
        assert reverse("ten_services:rollup_node", args=[unit.pk]) in html
    total_row = html[html.index('data-testid="rollup-total"') :]
    assert '<td class="num">3</td><td class="num">13</td><td class="num">100.00</td>' in total_row


def test_the_page_filters_by_kind(city: City) -> None:
    record(city.u1, "culture")
    record(city.u1, "legal")
    r_html = city.client("chair_u1").get(reverse("ten_services:rollup"), {"kind": "legal"}).content.decode()
    total_row = r_html[r_html.index('data-testid="rollup-total"') :]
    assert '<td class="num">1</td><td class="num">10</td>' in total_row


def test_the_outsider_cannot_open_a_roll_up_of_another_district(city: City) -> None:
    assert city.client("outsider").get(reverse("ten_services:rollup_node", args=[city.d1.pk])).status_code == 404


def test_the_chart_sets_each_month_of_the_last_12_beside_the_12_before(city: City) -> None:
    months = window(date(2026, 6, 15))  # July 2025 to June 2026
    record(city.u1, "culture", on=date(2026, 3, 1))
    record(city.t1, "legal", on=date(2026, 3, 20))
    record(city.u1, "culture", on=date(2025, 3, 1))  # a year earlier: the period before
    record(city.u3, "culture", on=date(2026, 3, 1))  # the other district
    user = city.users["cadre_d1"]
    now = selectors.by_month(user, city.d1, months)
    before = selectors.by_month(user, city.d1, window_before(months))
    assert now[8] == 2 and sum(now) == 2  # March 2026 is the 9th month of the window
    assert before[8] == 1 and sum(before) == 1
    assert selectors.by_month(user, city.d1, months, "legal") == [0] * 8 + [1] + [0] * 3


def test_the_outsider_gets_no_roll_up_of_the_district(city: City) -> None:
    record(city.u1, "culture")
    response = city.client("outsider").get(reverse("ten_services:rollup_node", args=[city.d1.pk]))
    assert response.status_code == 404
    assert city.u1.name not in response.content.decode()
