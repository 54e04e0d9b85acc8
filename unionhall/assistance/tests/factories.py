"""Test helpers shared by the assistance, funds and cards tests: an archive in a given state, a fund with
a budget reaching a given org, and money already on a budget — built directly, so a test of one service
does not depend on every other service."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from unionhall.assistance.models import FileStatus, HardshipCategory, HardshipFile, Programme, ProgrammeKind
from unionhall.funds import ledger
from unionhall.funds.models import AccountKind, Budget, Fund, JournalKind
from unionhall.members.models import Person
from unionhall.members.tests.factories import valid_id
from unionhall.orgs.models import OrgUnit

_serial = itertools.count(1)


def person(name: str = "王困难", *, body17: str | None = None) -> Person:
    n = next(_serial)
    # The sequence code holds 3 digits: past 999 the birth year moves on, so ID numbers never repeat.
    body = body17 or f"320508{1980 + n // 1000 % 40}0101{n % 1000:03d}"
    p = Person(sex="M", birth_date=date(1980, 1, 1), phone=f"1390000{n:04d}")
    p.set_name(name)
    p.set_id_number(valid_id(body))
    p.save()
    return p


def hardship_file(
    org: OrgUnit,
    *,
    status: str = FileStatus.APPROVED,
    name: str = "王困难",
    category: str = HardshipCategory.DEEP,
    **extra: Any,
) -> HardshipFile:
    n = next(_serial)
    today = timezone.localdate()
    f = HardshipFile(
        no=f"KN{n:08d}",
        org=org,
        person=person(name),
        status=status,
        category=category,
        computed_category=category,
        monthly_income_fen=1_500_00,
        household_size=3,
        causes=["illness"],
        approved_on=today if status == FileStatus.APPROVED else None,
        verified_on=today if status in (FileStatus.APPROVED, FileStatus.VERIFIED, FileStatus.NOTICE) else None,
        **extra,
    )
    f.set_bank_account("6222021234567890123")
    f.bank_name = "工商银行"
    f.save()
    return f


def programme(kind: str = ProgrammeKind.LIVING, *, fund: Fund | None = None, **extra: Any) -> Programme:
    n = next(_serial)
    defaults: dict[str, Any] = {
        "rules": {"categories": ["deep", "relative", "accident"]},
        "amounts": {"default": 1_000_00, "max": 20_000_00},
    }
    defaults.update(extra)
    return Programme.objects.create(code=f"P{n}", name=f"测试项目{n}", kind=kind, fund=fund, **defaults)


def fund(code: str | None = None, name: str = "帮扶专项资金") -> Fund:
    code = code or f"F{next(_serial)}"
    return Fund.objects.create(code=code, name=name, source=ledger.open_account(AccountKind.SOURCE, f"{name}来源"))


def budget_chain(unit: OrgUnit, amount_fen: int, *, the_fund: Fund | None = None, year: int | None = None) -> Budget:
    """A budget at `unit` holding `amount_fen`, with the chain of budgets above it back to the root, each
    funded exactly by the allocation it passed down (so the root's budget equals `amount_fen`)."""
    the_fund = the_fund or fund()
    year = year or timezone.localdate().year
    chain = [*OrgUnit.objects.get_ancestors(unit), unit]
    parent: Budget | None = None
    for org in chain:
        budget = Budget.objects.filter(fund=the_fund, year=year, org=org).first()
        if budget is None:
            account = ledger.open_account(AccountKind.BUDGET, f"{year} {the_fund.name} {org.name}")
            budget = Budget.objects.create(fund=the_fund, year=year, org=org, parent=parent, account=account)
        if parent is None:
            ledger.post(JournalKind.FUNDING, [(the_fund.source, -amount_fen), (budget.account, amount_fen)], org=org)
        else:
            ledger.post(JournalKind.ALLOCATION, [(parent.account, -amount_fen), (budget.account, amount_fen)], org=org)
            Budget.objects.filter(pk=parent.pk).update(allocated_fen=parent.allocated_fen + amount_fen)
            parent.refresh_from_db()
        Budget.objects.filter(pk=budget.pk).update(amount_fen=budget.amount_fen + amount_fen)
        budget.refresh_from_db()
        parent = budget
    assert parent is not None
    return parent
