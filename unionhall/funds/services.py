"""Writes of the funds app: funds and budgets down the tree. Spending from a budget is `funds/spending.py`,
called by the module that spends (hardship payments in `assistance/disbursements/services.py`).

Every function is one business action inside `audited()`; money moves only through `ledger.post` and
`ledger.reverse`, in integer fen. Budget figures (amount, allocated, spent) change in the same transaction
as the journal that moves the budget's account, under row locks taken in one order everywhere:

    the spending row (e.g. a disbursement) → Budget rows (ascending id) → Account rows (ascending id,
    inside ledger.post)

so that, whatever runs concurrently, amount − allocated − spent == account balance == sum of the entries.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.funds import budgets, ledger
from unionhall.funds.models import AccountKind, Budget, Fund, JournalKind
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit, path_chain
from unionhall.orgs.selectors import require_at_city_root


def _positive_fen(amount_fen: Any, field: str = "amount") -> int:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise ValidationError(field_errors={field: ["金额必须大于零。"]})
    return amount_fen


def _open_budget(fund: Fund, year: int, org: OrgUnit, parent: Budget | None) -> Budget:
    account = ledger.open_account(AccountKind.BUDGET, f"{year}年 {fund.name} · {org.name}")
    return Budget.objects.create(fund=fund, year=year, org=org, parent=parent, account=account)


# --- funds -------------------------------------------------------------------------------------------


def fund_create(*, actor: Actor, code: str, name: str) -> Fund:
    """A new pot of money (帮扶专项资金, 送温暖资金…) with its source account; configured at the root."""
    with audited(actor=actor, action="fund.create") as event:
        require_at_city_root(actor, Cap.PROGRAMME_CONFIG, event)
        code, name = (code or "").strip(), (name or "").strip()
        errors: dict[str, list[str]] = {}
        if not code or len(code) > 30:
            errors["code"] = ["请填写编码（最多 30 个字符）。"]
        elif Fund.objects.filter(code=code).exists():
            errors["code"] = ["该编码已被使用。"]
        if not name or len(name) > 60:
            errors["name"] = ["请填写名称（最多 60 个字符）。"]
        if errors:
            raise ValidationError(field_errors=errors)
        fund = Fund.objects.create(code=code, name=name, source=ledger.open_account(AccountKind.SOURCE, f"{name}来源"))
        event.target(fund)
        event.changes = {"code": code, "name": name}
    return fund


# --- budgets -----------------------------------------------------------------------------------------


def _year(year: Any) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationError(field_errors={"year": ["请填写年度，例如 2026。"]})
    return year


def budget_create(*, actor: Actor, fund: Fund, year: int, amount_fen: int, memo: str = "") -> Budget:
    """The root's budget of `fund` for `year`, funded from the fund's source (journal FUNDING).

    Budgets below the root are never created here: they come from `budget_allocate`.
    """
    with audited(actor=actor, action="budget.create") as event:
        root = require_at_city_root(actor, Cap.FUNDS_MANAGE, event)
        year = _year(year)
        amount_fen = _positive_fen(amount_fen)
        if not fund.active:
            raise ValidationError(field_errors={"fund": ["该资金已停用。"]})
        if Budget.objects.filter(fund=fund, year=year, org=root).exists():
            raise Conflict(f"{year}年「{fund.name}」已有市级预算：请用追加资金。")
        try:
            with transaction.atomic():
                budget = _open_budget(fund, year, root, None)
        except IntegrityError:
            raise Conflict(f"{year}年「{fund.name}」已有市级预算：请用追加资金。") from None
        budget = budgets.lock(budget)[budget.pk]
        budgets.fund(budget, fund.source, amount_fen, memo=memo or f"{year}年{fund.name}市级预算", actor=actor)
        event.target(budget)
        event.changes = {"fund": fund.code, "year": year, "amount_fen": amount_fen}
    return budget


def budget_fund(*, actor: Actor, budget: Budget, amount_fen: int, memo: str = "") -> Budget:
    """Top up a root budget from its fund's source (追加资金)."""
    with audited(actor=actor, action="budget.fund", org=budget.org, obj=budget) as event:
        access.require(actor, Cap.FUNDS_MANAGE, budget.org, obj=budget)
        amount_fen = _positive_fen(amount_fen)
        if budget.parent_id is not None:
            raise ValidationError("下级预算的资金由上级预算下拨，不能直接从资金来源追加。")
        locked = budgets.lock(budget)[budget.pk]
        fund = locked.fund
        budgets.fund(locked, fund.source, amount_fen, memo=memo or f"{locked.year}年{fund.name}追加资金", actor=actor)
        event.changes = {"amount_fen": amount_fen, "budget_amount_fen": locked.amount_fen}
    return locked


def _nearest_budget_above(fund_id: int, year: int, org: OrgUnit) -> Budget | None:
    """The budget of the fund and year at the deepest union strictly above `org`."""
    return (
        Budget.objects.filter(fund_id=fund_id, year=year, org__path__in=path_chain(org.path)[:-1])
        .select_related("org")
        .order_by("-org__depth")
        .first()
    )


def budget_allocate(*, actor: Actor, parent: Budget, org: OrgUnit, amount_fen: int, memo: str = "") -> Budget:
    """Move money from `parent` down to the budget of the same fund and year at `org` (created when missing).

    `org` must lie below the parent's org, and `parent` must be the budget that feeds it: the child's
    existing parent, or else the nearest budget above `org`. The actor manages funds at the parent's org.
    """
    with audited(actor=actor, action="budget.allocate", org=parent.org, obj=parent) as event:
        access.require(actor, Cap.FUNDS_MANAGE, parent.org, obj=parent)
        amount_fen = _positive_fen(amount_fen)
        org.refresh_from_db()
        if org.pk == parent.org_id or not org.path.startswith(parent.org.path):
            raise ValidationError(field_errors={"org": [f"只能下拨给「{parent.org.name}」的下级组织。"]})
        if org.status != OrgStatus.ACTIVE:
            raise ValidationError(field_errors={"org": ["已合并或撤销的组织不能接收预算。"]})
        child = Budget.objects.filter(fund_id=parent.fund_id, year=parent.year, org=org).first()
        if child is None:
            feeder = _nearest_budget_above(parent.fund_id, parent.year, org)
            if feeder is None or feeder.pk != parent.pk:
                where = feeder.org.name if feeder else "上级"
                raise ValidationError(field_errors={"org": [f"「{org.name}」的预算应由「{where}」的预算下拨。"]})
            try:
                with transaction.atomic():
                    child = _open_budget(parent.fund, parent.year, org, parent)
            except IntegrityError:
                child = Budget.objects.get(fund_id=parent.fund_id, year=parent.year, org=org)
        if child.parent_id != parent.pk:
            raise ValidationError(field_errors={"org": [f"「{org.name}」的预算由另一上级预算下拨。"]})
        locked = budgets.lock(parent, child)
        source, target = locked[parent.pk], locked[child.pk]
        if source.remaining_fen < amount_fen:
            raise ledger.InsufficientFunds(
                f"「{source.org.name}」的预算余额不足：可下拨 {_yuan(source.remaining_fen)} 元，"
                f"本次需 {_yuan(amount_fen)} 元。"
            )
        source.allocated_fen += amount_fen
        source.save(update_fields=["allocated_fen"])
        budgets.fund(
            target,
            source.account,
            amount_fen,
            memo=memo or f"下拨至{org.name}",
            actor=actor,
            kind=JournalKind.ALLOCATION,
        )
        event.changes = {"to": org.code, "budget": target.pk, "amount_fen": amount_fen}
    return target


def _yuan(fen: int) -> str:
    from unionhall.core.money import yuan_display

    return yuan_display(fen)
