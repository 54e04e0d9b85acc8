"""The funds services: creating a fund, the root budget funded from the source, and allocating down the
tree — who may do what, the audit event each leaves, and the books balancing after every step (the
disbursements' own services are tested in assistance/disbursements/tests/)."""

from __future__ import annotations

import pytest

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.funds import ledger, services
from unionhall.funds.models import Budget
from unionhall.tests import factories
from unionhall.tests.audit_support import last_event
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
YEAR = 2026


def test_a_city_admin_creates_a_fund_with_its_own_source_account(city: City) -> None:
    fund = services.fund_create(actor=city.users["city_admin"], code="BF", name="帮扶专项资金")
    assert fund.source.kind == "source" and fund.source.allow_negative
    event = last_event()
    assert (event.action, event.success, event.org_id) == ("fund.create", True, city.city.pk)


def test_a_district_cadre_may_not_create_a_fund(city: City) -> None:
    with pytest.raises(NotFound):
        services.fund_create(actor=city.users["cadre_d1"], code="BF", name="帮扶专项资金")
    assert (last_event().action, last_event().success) == ("fund.create", False)


def test_a_root_budget_is_funded_from_the_source(city: City) -> None:
    fund = factories.fund()
    budget = services.budget_create(actor=city.users["city_admin"], fund=fund, year=YEAR, amount_fen=100_000_00)
    assert (budget.org, budget.amount_fen, budget.account.balance_fen) == (city.city, 100_000_00, 100_000_00)
    fund.source.refresh_from_db()
    assert fund.source.balance_fen == -100_000_00
    assert last_event().action == "budget.create"
    with pytest.raises(Conflict):
        services.budget_create(actor=city.users["city_admin"], fund=fund, year=YEAR, amount_fen=1_00)
    services.budget_fund(actor=city.users["city_admin"], budget=budget, amount_fen=50_000_00)
    budget.refresh_from_db()
    assert budget.amount_fen == 150_000_00
    assert_books_balance()


def test_a_district_cadre_cannot_create_the_root_budget(city: City) -> None:
    with pytest.raises(NotFound):
        services.budget_create(actor=city.users["cadre_d1"], fund=factories.fund(), year=YEAR, amount_fen=1_00)
    assert not Budget.objects.exists()
    assert (last_event().action, last_event().success) == ("budget.create", False)


def test_allocation_moves_money_down_and_creates_the_child_budget(city: City) -> None:
    root = services.budget_create(actor=city.users["city_admin"], fund=factories.fund(), year=YEAR, amount_fen=1_000_00)
    d1 = services.budget_allocate(actor=city.users["city_admin"], parent=root, org=city.d1, amount_fen=600_00)
    t1 = services.budget_allocate(actor=city.users["cadre_d1"], parent=d1, org=city.t1, amount_fen=250_00)
    services.budget_allocate(actor=city.users["cadre_d1"], parent=d1, org=city.t1, amount_fen=50_00)
    root.refresh_from_db()
    d1.refresh_from_db()
    t1.refresh_from_db()
    assert (root.allocated_fen, root.remaining_fen) == (600_00, 400_00)
    assert (d1.amount_fen, d1.allocated_fen, d1.remaining_fen) == (600_00, 300_00, 300_00)
    assert (t1.parent, t1.amount_fen) == (d1, 300_00)
    assert (last_event().action, last_event().org_id) == ("budget.allocate", city.d1.pk)
    assert_books_balance()


def test_an_allocation_beyond_what_the_parent_has_left_is_refused_and_changes_nothing(city: City) -> None:
    root = services.budget_create(actor=city.users["city_admin"], fund=factories.fund(), year=YEAR, amount_fen=100_00)
    services.budget_allocate(actor=city.users["city_admin"], parent=root, org=city.d1, amount_fen=80_00)
    with pytest.raises(ledger.InsufficientFunds, match="余额不足"):
        services.budget_allocate(actor=city.users["city_admin"], parent=root, org=city.d2, amount_fen=20_01)
    assert not Budget.objects.filter(org=city.d2).exists()
    assert (last_event().success, last_event().reason.split(":")[0]) == (False, "insufficient_funds")
    assert_books_balance()


def test_allocation_needs_funds_management_at_the_parent_and_a_child_inside_it(city: City) -> None:
    root = services.budget_create(actor=city.users["city_admin"], fund=factories.fund(), year=YEAR, amount_fen=100_00)
    d1 = services.budget_allocate(actor=city.users["city_admin"], parent=root, org=city.d1, amount_fen=80_00)
    with pytest.raises(NotFound):  # the root's budget lies above the district cadre
        services.budget_allocate(actor=city.users["cadre_d1"], parent=root, org=city.d2, amount_fen=1_00)
    with pytest.raises(PermissionDenied):
        services.budget_allocate(actor=city.users["reviewer_d1"], parent=d1, org=city.t1, amount_fen=1_00)
    with pytest.raises(ValidationError):  # D2 is not inside D1
        services.budget_allocate(actor=city.users["city_admin"], parent=d1, org=city.d2, amount_fen=1_00)
    with pytest.raises(ValidationError):  # T1's budget must come from D1's, the nearest above it
        services.budget_allocate(actor=city.users["city_admin"], parent=root, org=city.t1, amount_fen=1_00)
    assert_books_balance()
