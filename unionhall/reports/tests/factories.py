"""Rows the reports read, built directly (the services that write them are tested in their own apps)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone

from unionhall.assistance.models import Disbursement, DisbursementApproval, HardshipFile, Programme
from unionhall.assistance.tests import factories as af
from unionhall.cards.models import AssistanceCard, CardType
from unionhall.funds import ledger
from unionhall.funds.models import AccountKind, Budget, JournalKind
from unionhall.orgs.models import OrgUnit
from unionhall.ten_services.models import ServiceDelivery

_serial = itertools.count(1)


def disbursement(
    file: HardshipFile,
    programme: Programme,
    budget: Budget,
    amount_fen: int,
    *,
    status: str = "approved",
    approved_at: datetime | None = None,
    paid_on: date | None = None,
    approvers: tuple[Any, ...] = (),
) -> Disbursement:
    n = next(_serial)
    d = Disbursement.objects.create(
        no=f"ZC{n:08d}",
        file=file,
        programme=programme,
        budget=budget,
        org=file.org,
        amount_fen=amount_fen,
        status=status,
        payee_name=file.person.name,
        bank_name=file.bank_name,
        bank_account_enc=file.bank_account_enc,
        bank_account_masked=file.bank_account_masked,
        approved_at=approved_at if approved_at is not None else datetime.now(UTC),
        paid_on=paid_on,
    )
    for user in approvers:
        DisbursementApproval.objects.create(disbursement=d, approver=user, note="同意")
    return d


def card_type(name: str = "生活救助卡") -> CardType:
    return CardType.objects.create(code=f"CT{next(_serial)}", name=name, accepted_at=["supermarket"])


def card(
    file: HardshipFile, ctype: CardType, budget: Budget, balance_fen: int, *, status: str = "active"
) -> AssistanceCard:
    n = next(_serial)
    account = ledger.open_account(AccountKind.CARD, f"卡 {n}")
    if balance_fen:
        ledger.post(JournalKind.TOP_UP, [(budget.account, -balance_fen), (account, balance_fen)], org=file.org)
    today = timezone.localdate()
    return AssistanceCard.objects.create(
        number=f"K{n:010d}",
        card_type=ctype,
        file=file,
        org=file.org,
        status=status,
        account=account,
        issued_on=today,
        valid_until=today + timedelta(days=365),
        code_hash="x" * 64,
        code_enc="x",
    )


def delivery(org: OrgUnit, kind: str, people: int, cost_fen: int = 0, on: date | None = None) -> ServiceDelivery:
    return ServiceDelivery.objects.create(
        org=org,
        kind=kind,
        delivered_on=on or timezone.localdate(),
        title=f"活动{next(_serial)}",
        beneficiary_count=people,
        cost_fen=cost_fen,
    )


def archive(org: OrgUnit, *, causes: list[str] | None = None, **extra: Any) -> HardshipFile:
    """The shared factory's archive, with other causes when given (the factory fixes them to illness)."""
    f = af.hardship_file(org, **extra)
    if causes is not None:
        f.causes = causes
        f.save(update_fields=["causes"])
    return f
