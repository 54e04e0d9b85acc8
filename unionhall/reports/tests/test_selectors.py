"""The report's figures equal a naive recount, roll up (a node = its own part + its children's subtrees) and
never count a row outside the viewer's reach."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.assistance.models import Disbursement, FileStatus, HardshipFile
from unionhall.cards.models import AssistanceCard
from unionhall.core.errors import NotFound
from unionhall.funds.models import Fund
from unionhall.orgs.models import OrgUnit
from unionhall.reports import selectors
from unionhall.reports.selectors import Figures, Filters
from unionhall.ten_services.models import ServiceDelivery
from unionhall.tests import factories
from unionhall.tests.city import City

YEAR = 2026


def at(month: int, year: int = YEAR) -> datetime:
    return datetime(year, month, 15, 4, 0, tzinfo=UTC)  # noon in Shanghai


def populate(city: City) -> dict[str, Any]:
    """Money, archives, cards and 十送 at several places of both districts, and rows that must not count."""
    fund = factories.fund()
    other_fund = factories.fund(name="送温暖资金")
    living = factories.programme(fund=fund)
    warmth = factories.programme("warmth", fund=other_fund)
    b_u1 = factories.budget_chain(city.u1, 100_000_00, the_fund=fund, year=YEAR)
    b_b1 = factories.budget_chain(city.b1, 10_000_00, the_fund=fund, year=YEAR)
    b_u3 = factories.budget_chain(city.u3, 10_000_00, the_fund=fund, year=YEAR)
    b_w = factories.budget_chain(city.u2, 10_000_00, the_fund=other_fund, year=YEAR)
    f_u1 = factories.archive(city.u1, name="王小明")
    f_u1b = factories.archive(city.u1, name="李四", category="relative")
    f_b1 = factories.archive(city.b1, name="赵大", category="accident")
    f_u2 = factories.archive(city.u2, name="钱二")
    factories.archive(city.t1, name="孙三", status=FileStatus.NOTICE)
    f_u3 = factories.archive(city.u3, name="周五")
    factories.archive(city.u1, name="草稿", status=FileStatus.DRAFT)
    factories.disbursement(f_u1, living, b_u1, 1_000_00, approved_at=at(1))
    factories.disbursement(f_u1, living, b_u1, 500_50, status="paid", approved_at=at(2), paid_on=date(YEAR, 3, 1))
    factories.disbursement(f_u1b, living, b_u1, 2_000_00, approved_at=at(2))
    factories.disbursement(f_b1, living, b_b1, 300_00, status="paid", approved_at=at(5), paid_on=date(YEAR, 5, 20))
    factories.disbursement(f_u2, warmth, b_w, 800_00, approved_at=at(12))
    factories.disbursement(f_u3, living, b_u3, 9_000_00, approved_at=at(3))  # D2
    # Not money spent in YEAR: requested, rejected, cancelled, or approved another year.
    factories.disbursement(f_u1, living, b_u1, 7_00, status="requested")
    factories.disbursement(f_u1, living, b_u1, 8_00, status="rejected")
    factories.disbursement(f_u1, living, b_u1, 9_00, status="cancelled")
    factories.disbursement(f_u1, living, b_u1, 11_00, approved_at=at(6, YEAR - 1))
    ctype = factories.card_type()
    medical = factories.card_type("医疗优惠卡")
    factories.card(f_u1, ctype, b_u1, 200_00)
    factories.card(f_b1, medical, b_b1, 150_00)
    factories.card(f_u3, ctype, b_u3, 999_00)
    factories.card(f_u1b, ctype, b_u1, 50_00, status="frozen")
    factories.delivery(city.u1, "culture", 40, 1_000_00, date(YEAR, 4, 1))
    factories.delivery(city.t1, "legal", 100, 0, date(YEAR, 6, 1))
    factories.delivery(city.d1, "culture", 10, 50_00, date(YEAR - 1, 6, 1))  # another year
    factories.delivery(city.u3, "health", 7, 0, date(YEAR, 6, 1))
    return {
        "fund": fund,
        "other_fund": other_fund,
        "living": living,
        "warmth": warmth,
        "ctype": ctype,
        "medical": medical,
    }


def naive(node: OrgUnit, filters: Filters) -> Figures:
    """The subtree's figures counted row by row in Python, the slow obvious way."""
    f = Figures()
    under = lambda org: org.path.startswith(node.path)  # noqa: E731
    helped: set[int] = set()
    for d in Disbursement.objects.select_related("org", "budget"):
        if not under(d.org) or d.status not in ("approved", "paid") or d.approved_at is None:
            continue
        if timezone.localtime(d.approved_at).year != filters.year:  # the year in Shanghai
            continue
        if filters.fund is not None and d.budget.fund_id != filters.fund.pk:
            continue
        f.money_fen += d.amount_fen
        f.paid_fen += d.amount_fen if d.status == "paid" else 0
        f.disbursements += 1
        helped.add(d.file_id)
    f.beneficiaries = len(helped)
    for h in HardshipFile.objects.select_related("org"):
        if under(h.org) and h.status != "draft":
            f.archives += 1
            f.archives_approved += h.status == "approved"
    for c in AssistanceCard.objects.select_related("org", "account"):
        if under(c.org) and c.status == "active":
            f.cards += 1
            f.card_balance_fen += c.account.balance_fen
    for s in ServiceDelivery.objects.select_related("org"):
        if under(s.org) and s.delivered_on.year == filters.year:
            f.deliveries += 1
            f.delivery_people += s.beneficiary_count
            f.delivery_cost_fen += s.cost_fen
    return f


def own_naive(node: OrgUnit, filters: Filters) -> Figures:
    """What sits at the node itself: its subtree minus each child's subtree."""
    own = naive(node, filters)
    for child in OrgUnit.objects.filter(path__startswith=node.path, depth=node.depth + 1):
        c = naive(child, filters)
        for name in selectors.FIGURE_FIELDS:
            setattr(own, name, getattr(own, name) - getattr(c, name))
    return own


def assert_rolls_up(user: Any, filters: Filters) -> None:
    for node in OrgUnit.objects.order_by("path"):
        own, children, total = selectors.roll_up(user, node, filters)
        assert total == naive(node, filters), node.name
        assert own == own_naive(node, filters), node.name
        summed = Figures()
        summed.add(own)
        for c in children:
            assert c.figures == naive(c.org, filters), c.org.name
            summed.add(c.figures)
        assert summed == total, node.name
        # Every breakdown of the node adds up to the same totals.
        assert sum(r.amount_fen for r in selectors.by_programme(user, node, filters)) == total.money_fen
        months = selectors.by_month(user, node, filters)
        assert sum(r.amount_fen for r in months) == total.money_fen
        assert sum(r.count for r in months) == total.disbursements
        assert sum(r.count for r in selectors.beneficiaries_by_category(user, node, filters)) == total.beneficiaries
        assert sum(r.count for r in selectors.archives_by(user, node, "status")) == total.archives
        assert sum(r.count for r in selectors.archives_by(user, node, "category")) == total.archives
        cards = selectors.cards_by_type(user, node)
        assert (sum(r.count for r in cards), sum(r.amount_fen for r in cards)) == (total.cards, total.card_balance_fen)
        kinds = selectors.deliveries_by_kind(user, node, filters)
        assert sum(r.count for r in kinds) == total.deliveries
        assert sum(r.people for r in kinds) == total.delivery_people


def test_every_node_equals_a_naive_recount_and_its_own_part_plus_its_children(city: City) -> None:
    populate(city)
    assert_rolls_up(city.users["city_admin"], Filters(year=YEAR))


def test_the_fund_filter_rolls_up_too(city: City) -> None:
    made = populate(city)
    assert_rolls_up(city.users["city_admin"], Filters(year=YEAR, fund=made["other_fund"]))


def test_the_city_totals_are_what_was_put_in(city: City) -> None:
    populate(city)
    _, _, t = selectors.roll_up(city.users["city_admin"], city.city, Filters(year=YEAR))
    assert t.money_fen == 1_000_00 + 500_50 + 2_000_00 + 300_00 + 800_00 + 9_000_00
    assert t.paid_fen == 500_50 + 300_00
    assert t.disbursements == 6
    assert t.beneficiaries == 5  # 王小明 was helped twice
    assert t.archives == 6 and t.archives_approved == 5  # the draft is not an archive yet; 孙三 is in notice
    assert (t.cards, t.card_balance_fen) == (3, 200_00 + 150_00 + 999_00)  # the frozen card is not outstanding
    assert (t.deliveries, t.delivery_people, t.delivery_cost_fen) == (3, 147, 1_000_00)


def test_a_district_cadre_sees_only_its_district_and_is_refused_the_city(city: City) -> None:
    populate(city)
    cadre = city.users["cadre_d1"]
    with pytest.raises(NotFound):
        selectors.roll_up(cadre, city.city, Filters(year=YEAR))
    with pytest.raises(NotFound):
        selectors.roll_up(city.users["outsider"], city.d1, Filters(year=YEAR))
    _, children, total = selectors.roll_up(cadre, city.d1, Filters(year=YEAR))
    assert total.money_fen == 1_000_00 + 500_50 + 2_000_00 + 300_00 + 800_00
    assert [c.org.name for c in children] == ["东一街道总工会"]


def test_breakdowns_by_programme_month_category_card_type_and_kind(city: City) -> None:
    made = populate(city)
    user, f = city.users["cadre_d1"], Filters(year=YEAR)
    programmes = {r.label: (r.count, r.amount_fen, r.people) for r in selectors.by_programme(user, city.d1, f)}
    assert programmes == {
        made["living"].name: (4, 1_000_00 + 500_50 + 2_000_00 + 300_00, 3),
        made["warmth"].name: (1, 800_00, 1),
    }
    months = selectors.by_month(user, city.d1, f)
    assert len(months) == 12
    assert [(m.count, m.amount_fen) for m in months if m.count] == [
        (1, 1_000_00),
        (2, 2_500_50),
        (1, 300_00),
        (1, 800_00),
    ]
    assert {m.label: m.paid_fen for m in months if m.paid_fen} == {"3月": 500_50, "5月": 300_00}
    categories = {r.key: r.count for r in selectors.beneficiaries_by_category(user, city.d1, f)}
    assert categories == {"deep": 2, "relative": 1, "accident": 1, "none": 0}
    status = {r.key: r.count for r in selectors.archives_by(user, city.d1, "status")}
    assert status["approved"] == 4 and status["notice"] == 1 and "draft" not in status
    cards = {r.key: (r.count, r.amount_fen) for r in selectors.cards_by_type(user, city.d1) if r.count}
    assert cards == {str(made["ctype"].pk): (1, 200_00), str(made["medical"].pk): (1, 150_00)}
    kinds = {r.key: (r.count, r.people, r.amount_fen) for r in selectors.deliveries_by_kind(user, city.d1, f)}
    assert kinds["culture"] == (1, 40, 1_000_00) and kinds["legal"] == (1, 100, 0) and kinds["health"] == (0, 0, 0)


def test_the_roll_up_takes_a_fixed_number_of_queries_whatever_the_number_of_children(
    city: City, django_assert_max_num_queries: Any
) -> None:
    populate(city)
    user = city.users["city_admin"]
    user.__dict__.pop("_unionhall_grants", None)
    selectors.roll_up(user, city.city, Filters(year=YEAR))  # grants cached
    with django_assert_max_num_queries(5):
        selectors.roll_up(user, city.t1, Filters(year=YEAR))


UNITS = ("city", "d1", "t1", "u1", "b1", "u2", "d2", "t2", "u3")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(UNITS),
            st.integers(min_value=1, max_value=5_000_00),
            st.sampled_from(["approved", "paid", "requested", "cancelled"]),
            st.integers(min_value=1, max_value=12),
            st.sampled_from([YEAR, YEAR - 1]),
        ),
        max_size=12,
    )
)
def test_random_disbursements_anywhere_in_the_tree_always_roll_up(city: City, rows: list[Any]) -> None:
    with transaction.atomic():
        fund = factories.fund()
        prog = factories.programme(fund=fund)
        budget = factories.budget_chain(city.city, 1, the_fund=fund, year=YEAR)
        files: dict[str, HardshipFile] = {}
        for unit, amount, status, month, year in rows:
            org = getattr(city, unit)
            file = files.get(unit) or files.setdefault(unit, factories.archive(org))
            factories.disbursement(file, prog, budget, amount, status=status, approved_at=at(month, year))
        assert_rolls_up(city.users["city_admin"], Filters(year=YEAR))
        transaction.set_rollback(True)


def test_the_year_before_is_set_beside_each_month_and_each_child(city: City) -> None:
    populate(city)
    report = selectors.report(city.users["cadre_d1"], city.d1, Filters(year=YEAR))
    # The 11 yuan approved in June of the year before, at U1 under T1.
    assert [r.amount_fen for r in report.by_month_before] == [0, 0, 0, 0, 0, 11_00, 0, 0, 0, 0, 0, 0]
    assert report.by_month_before[5].label == "6月" and report.by_month_before[5].key == f"{YEAR - 1}-06"
    assert report.money_before == {city.t1.path: 11_00}
    assert report.total.money_fen == 4_600_50  # this year's figures leave it out
    # The other district had nothing the year before; the fund filter follows into the year before.
    assert selectors.report(city.users["city_admin"], city.d2, Filters(year=YEAR)).money_before == {}
    other = Filters(year=YEAR, fund=Fund.objects.get(name="送温暖资金"))
    assert selectors.report(city.users["cadre_d1"], city.d1, other).money_before == {}
