"""The funds pages: budgets in yuan down the tree within scope, creating the root budget, and allocating
through a form that keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.funds.models import Budget
from unionhall.tests import factories
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_budget_list_shows_the_tree_in_yuan_within_scope(city: City) -> None:
    factories.budget_chain(city.u1, 1_234_567_89)
    factories.budget_chain(city.u3, 10_00, the_fund=Budget.objects.first().fund)  # type: ignore[union-attr]
    text = city.client("cadre_t1").get(reverse("funds:budgets")).content.decode()
    assert "东一街道总工会" in text and "东方机械公司工会" in text and "1,234,567.89" in text
    assert "东区总工会" not in text and "西方纺织公司工会" not in text
    assert city.client("outsider").get(reverse("funds:budgets")).content.decode().count("西方纺织公司工会") == 1


def test_a_cadre_allocates_from_the_budget_page_and_a_typo_keeps_what_was_typed(city: City) -> None:
    d1 = factories.budget_chain(city.d1, 1_000_00)
    client = city.client("cadre_d1")
    url = reverse("funds:budget_allocate", args=[d1.pk])
    wrong = client.post(url, {"org": "D1-T1", "amount": "1.234"})
    assert wrong.status_code == 200
    assert "金额最多保留两位小数" in wrong.content.decode()
    assert 'value="D1-T1"' in wrong.content.decode()
    too_much = client.post(url, {"org": "D1-T1", "amount": "1000.01"})
    assert "余额不足" in too_much.content.decode()
    done = client.post(url, {"org": "D1-T1", "amount": "400"})
    assert done.status_code == 302
    assert Budget.objects.get(org=city.t1).amount_fen == 400_00
    page = client.get(reverse("funds:budget", args=[d1.pk])).content.decode()
    assert "600.00" in page and "下拨至东一街道总工会" in page
    assert_books_balance()


def test_a_reviewer_sees_a_budget_without_the_allocation_form(city: City) -> None:
    d1 = factories.budget_chain(city.d1, 1_000_00)
    form = reverse("funds:budget_allocate", args=[d1.pk])
    page = city.client("reviewer_d1").get(reverse("funds:budget", args=[d1.pk])).content.decode()
    assert form not in page and "东区总工会" in page
    assert form in city.client("cadre_d1").get(reverse("funds:budget", args=[d1.pk])).content.decode()


def test_the_city_admin_creates_the_root_budget_from_the_page(city: City) -> None:
    fund = factories.fund()
    client = city.client("city_admin")
    response = client.post(reverse("funds:budget_create"), {"fund": fund.pk, "year": 2026, "amount": "50,000"})
    assert response.status_code == 302
    budget = Budget.objects.get()
    assert (budget.org, budget.amount_fen) == (city.city, 50_000_00)


def test_the_budget_tree_is_indented_without_inline_styles(city: City) -> None:
    factories.budget_chain(city.u1, 100_00)
    text = city.client("cadre_d1").get(reverse("funds:budgets")).content.decode()
    assert 'class="indent-1"' in text and "style=" not in text
