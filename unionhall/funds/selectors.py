"""Reads of the funds app, every one scoped through access.py: budgets by the budget's org, ledger lines of
one budget."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from unionhall.funds.models import Budget, Fund, LedgerEntry
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit, path_chain


def budgets_for(user: Any, *, year: int | None = None, fund: Fund | None = None) -> QuerySet[Budget]:
    qs = Budget.objects.select_related("fund", "org", "parent")
    if year:
        qs = qs.filter(year=year)
    if fund is not None:
        qs = qs.filter(fund=fund)
    return access.scope_queryset(user, Cap.FUNDS_VIEW, qs, "org").order_by("-year", "fund__code", "org__path")


def budget_for_user_or_404(user: Any, pk: Any) -> Budget:
    qs = Budget.objects.select_related("fund", "org", "parent__org", "account")
    return access.get_for_user_or_404(user, Cap.FUNDS_VIEW, qs, pk, "org")


def budget_years(user: Any) -> list[int]:
    return sorted(set(budgets_for(user).values_list("year", flat=True)), reverse=True)


def budgets_above(org: OrgUnit) -> QuerySet[Budget]:
    """The budgets at `org` or any unit above it: those that may pay for its households or its cards."""
    return Budget.objects.select_related("fund", "org").filter(org__path__in=path_chain(org.path))


def budget_children(budget: Budget) -> QuerySet[Budget]:
    return budget.children.select_related("org").order_by("org__path")


def budget_lines(budget: Budget) -> QuerySet[LedgerEntry]:
    """The budget account's entries, newest first, with their journals."""
    return (
        LedgerEntry.objects.filter(account=budget.account_id)
        .select_related("journal", "journal__org", "journal__actor")
        .order_by("-id")
    )
