"""The rights dashboard's figures equal a naive recount per node, roll up (a node = its own cases + its
children's subtrees), count a shared case only at its handling union, and never count a case out of reach."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from unionhall.core.errors import NotFound
from unionhall.orgs.models import OrgUnit
from unionhall.reports import rights_selectors as selectors
from unionhall.reports.rights_selectors import CaseFigures
from unionhall.rights import selectors as rights_selectors
from unionhall.rights.models import Case, CaseStatus, RiskReport
from unionhall.rights.selectors import CaseFilters
from unionhall.rights.workflow import OPEN
from unionhall.tests import factories
from unionhall.tests.city import City


def ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def close(case: Case, *, days_ago: int, wages_fen: int = 0, rating: int | None = None) -> Case:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=ago(days_ago), wages_recovered_fen=wages_fen, satisfaction=rating
    )
    case.refresh_from_db()
    return case


def populate(city: City) -> dict[str, Any]:
    """Cases at every level of both districts, in every state, a D1 case shared with U3, and risk reports."""
    u = city.users
    made: dict[str, Any] = {}
    made["fresh"] = factories.case(city.u1, employer=city.e1)  # open, not due yet
    made["late"] = factories.case(city.u1, employer=city.e1, received_at=ago(60))  # open, overdue
    Case.objects.filter(pk=made["late"].pk).update(handler=u["chair_u1"])
    close(
        factories.case(city.u1, employer=city.e1, category="injury", received_at=ago(40)),
        days_ago=20,
        wages_fen=3_000_00,
        rating=5,
    )
    close(factories.case(city.b1, category="contract", received_at=ago(100)), days_ago=70, rating=3)
    factories.case(city.u2, category="social_insurance", status=CaseStatus.MEDIATING)
    made["t1_late"] = factories.case(city.t1, employer=city.e0, received_at=ago(30))  # e0 has no union: handled at T1
    Case.objects.filter(pk=made["t1_late"].pk).update(handler=u["cadre_t1"])
    factories.case(city.t1, status=CaseStatus.WITHDRAWN, category="consultation")
    factories.case(city.d1, category="complaint", summary="食堂卫生投诉")
    close(
        factories.case(city.d1, received_at=ago(500)), days_ago=400, wages_fen=1_000_00, rating=4
    )  # before the window
    close(factories.case(city.u3, employer=city.e3, received_at=ago(50)), days_ago=10, wages_fen=7_777_00, rating=1)
    factories.case(city.u3, employer=city.e3, received_at=ago(90))
    made["shared"] = factories.case(city.u1, employer=city.e1, shared_with=city.u3, summary="农民工欠薪")
    factories.risk(city.u1, level="red")
    closed_risk = factories.risk(city.t1, level="blue")
    RiskReport.objects.filter(pk=closed_risk.pk).update(status="closed")
    factories.risk(city.u3, level="orange")
    return made


def naive(node: OrgUnit, now: datetime) -> CaseFigures:
    """The subtree's figures counted case by case in Python, the slow obvious way."""
    f = CaseFigures()
    for c in Case.objects.select_related("org"):
        if not c.org.path.startswith(node.path):
            continue
        f.cases += 1
        f.open += c.status in OPEN
        f.overdue += c.status in OPEN and c.due_at < now
        f.closed += c.status == CaseStatus.CLOSED
        f.wages_fen += c.wages_recovered_fen if c.status == CaseStatus.CLOSED else 0
        if c.satisfaction is not None:
            f.rated += 1
            f.rating_sum += c.satisfaction
    for r in RiskReport.objects.select_related("org"):
        f.risks_open += r.org.path.startswith(node.path) and r.status != "closed"
    return f


def assert_rolls_up(user: Any, nodes: list[OrgUnit]) -> None:
    now = timezone.now()
    months = selectors.window()
    start = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))
    for node in nodes:
        own, children, total = selectors.roll_up(user, node, now)
        assert total == naive(node, now), node.name
        summed = CaseFigures()
        summed.add(own)
        for child in children:
            assert child.figures == naive(child.org, now), child.org.name
            summed.add(child.figures)
        assert summed == total, node.name
        # The breakdowns add up to the same totals.
        under = [c for c in Case.objects.select_related("org") if c.org.path.startswith(node.path)]
        by_month = selectors.by_month(user, node, months)
        assert sum(m.cases for m in by_month) == sum(c.received_at >= start for c in under)
        closed_in_window = [c for c in under if c.status == CaseStatus.CLOSED and c.closed_at and c.closed_at >= start]
        assert sum(m.closed for m in by_month) == len(closed_in_window)
        assert sum(m.wages_fen for m in by_month) == sum(c.wages_recovered_fen for c in closed_in_window)
        categories = selectors.by_category(user, node, months, now)
        assert sum(c.open for c in categories) == total.open
        assert sum(c.overdue for c in categories) == total.overdue
        assert sum(c.cases for c in categories) == sum(m.cases for m in by_month)
        handlers = selectors.by_handler(user, node, now)
        assert (sum(h.open for h in handlers), sum(h.overdue for h in handlers)) == (total.open, total.overdue)
        assert sum(s.cases for s in selectors.satisfaction(user, node)) == total.rated
        assert sum(r.open for r in selectors.risks_by_level(user, node, now)) == total.risks_open


def test_every_node_equals_a_naive_recount_and_its_own_part_plus_its_children(city: City) -> None:
    populate(city)
    assert_rolls_up(city.users["city_admin"], list(OrgUnit.objects.order_by("path")))


def test_a_district_cadre_counts_its_district_and_is_refused_the_city_and_the_other_district(city: City) -> None:
    populate(city)
    cadre = city.users["cadre_d1"]
    assert_rolls_up(cadre, list(OrgUnit.objects.filter(path__startswith=city.d1.path)))
    for node in (city.city, city.d2, city.u3):
        with pytest.raises(NotFound):
            selectors.roll_up(cadre, node)


def test_the_city_totals_are_what_was_put_in(city: City) -> None:
    populate(city)
    _, children, t = selectors.roll_up(city.users["city_admin"], city.city)
    assert (t.cases, t.open, t.overdue, t.closed) == (12, 7, 3, 4)
    assert t.wages_fen == 3_000_00 + 1_000_00 + 7_777_00
    assert (t.rated, t.satisfaction) == (4, round((5 + 3 + 4 + 1) / 4, 2))
    assert t.risks_open == 2
    d1 = next(c.figures for c in children if c.org == city.d1)
    assert (d1.cases, d1.open, d1.overdue) == (10, 6, 2)


def test_a_shared_case_counts_at_its_handling_union_only_and_shows_as_shared_at_the_other(city: City) -> None:
    populate(city)
    outsider = city.users["outsider"]  # D2's cadre: sees the U1 case shared with U3
    assert selectors.rights.cases_for(outsider).filter(org=city.u1).count() == 1
    _, _, total = selectors.roll_up(outsider, city.d2)
    assert (total.cases, total.open, total.closed) == (2, 1, 1)  # U3's own two
    assert total == naive(city.d2, timezone.now())
    assert selectors.shared_in(outsider, city.d2) == (1, 1)
    assert selectors.shared_in(city.users["chair_u3"], city.u3) == (1, 1)
    # At the handling side the case is counted and not "shared in".
    assert selectors.shared_in(city.users["cadre_d1"], city.d1) == (0, 0)
    report = selectors.report(outsider, city.d2)
    assert {e.label for e in report.employers} == {city.e3.name}
    assert all(h.label != city.users["chair_u1"].username for h in report.by_handler)


def test_the_outsider_and_the_u3_chair_cannot_open_d1_even_with_a_shared_case(city: City) -> None:
    populate(city)
    for name, node in (("outsider", city.d1), ("outsider", city.u1), ("chair_u3", city.u1), ("chair_u3", city.t2)):
        with pytest.raises(NotFound):
            selectors.report(city.users[name], node)


def test_breakdowns_by_handler_month_category_employer_satisfaction_and_risk_level(city: City) -> None:
    populate(city)
    user, now = city.users["cadre_d1"], timezone.now()
    handlers = {h.label: (h.open, h.overdue) for h in selectors.by_handler(user, city.d1, now)}
    assert handlers == {"chair_u1": (1, 1), "cadre_t1": (1, 1), "未指定承办人": (4, 0)}
    assert selectors.by_handler(user, city.d1, now)[-1].label == "未指定承办人"
    months = selectors.window()
    by_month = selectors.by_month(user, city.d1, months)
    assert len(by_month) == 12 and by_month[-1].key == f"{timezone.localdate():%Y-%m}"
    assert sum(m.cases for m in by_month) == 9  # all of D1's but the case received 500 days ago
    assert sum(m.wages_fen for m in by_month) == 3_000_00
    categories = {c.key: c for c in selectors.by_category(user, city.d1, months, now)}
    assert (categories["wage_arrears"].cases, categories["wage_arrears"].open) == (4, 4)
    assert (categories["injury"].cases, categories["injury"].closed) == (1, 1)
    assert len(categories["injury"].by_month) == 12
    employers = {e.label: (e.cases, e.open, e.closed) for e in selectors.employers(user, city.d1, now)}
    # A registered employer by its record, an unregistered one by the name typed in.
    assert employers == {"某建筑劳务公司": (5, 2, 2), city.e1.name: (4, 3, 1), city.e0.name: (1, 1, 0)}
    assert [s.cases for s in selectors.satisfaction(user, city.d1)] == [0, 0, 1, 1, 1]
    levels = {r.key: (r.cases, r.open, r.closed) for r in selectors.risks_by_level(user, city.d1, now)}
    assert levels == {"red": (1, 1, 0), "orange": (0, 0, 0), "yellow": (0, 0, 0), "blue": (1, 0, 1)}


def test_the_top_employers_are_limited_and_ordered_by_cases(city: City) -> None:
    populate(city)
    top = selectors.employers(city.users["city_admin"], city.city, timezone.now(), limit=2)
    assert [(e.label, e.cases) for e in top] == [("某建筑劳务公司", 5), (city.e1.name, 4)]


def test_the_roll_up_takes_a_fixed_number_of_queries_whatever_the_number_of_children(
    city: City, django_assert_max_num_queries: Any
) -> None:
    populate(city)
    user = city.users["city_admin"]
    selectors.roll_up(user, city.city)  # grants cached
    with django_assert_max_num_queries(3):
        selectors.roll_up(user, city.t1)
    with django_assert_max_num_queries(16):  # two of them for the 12 months before the window
        selectors.report(user, city.city)


def test_the_case_list_filters_the_figures_link_to_select_as_many_cases(city: City) -> None:
    """The dashboard links each figure to the case list with status/overdue/org; where no case is shared in
    from elsewhere, the list selects exactly the cases the figure counts."""
    populate(city)
    user = city.users["cadre_d1"]
    cases = rights_selectors.cases_for(user)
    for node in OrgUnit.objects.filter(path__startswith=city.d1.path):
        _, _, f = selectors.roll_up(user, node)
        for filters, figure in (
            (CaseFilters(status="open", org=node.pk), f.open),
            (CaseFilters(overdue=True, org=node.pk), f.overdue),
            (CaseFilters(status="closed", org=node.pk), f.closed),
            (CaseFilters(org=node.pk), f.cases),
        ):
            assert rights_selectors.filter_cases(user, cases, filters).count() == figure, (node.name, filters)


def test_the_12_months_before_the_window_hold_what_the_window_leaves_out(city: City) -> None:
    populate(city)
    user = city.users["cadre_d1"]
    report = selectors.report(user, city.d1)
    before = report.by_month_before
    assert len(before) == 12 and before[-1].key < report.by_month[0].key  # the month before the window ends it
    # The D1 case received 500 days ago and closed 400 days ago, with 1,000 yuan recovered.
    assert sum(m.cases for m in before) == 1
    assert sum(m.closed for m in before) == 1
    assert sum(m.wages_fen for m in before) == 1_000_00
    # Nothing of the other district's, nor of the window itself.
    assert sum(m.wages_fen for m in selectors.report(city.users["city_admin"], city.d2).by_month_before) == 0
