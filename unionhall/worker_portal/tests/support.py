"""Test data of the worker's side: worker_u1 linked to a member of U1, with an archive, a paid
disbursement, a card with a balance and a redemption — built directly on the models and the ledger, so
these tests do not depend on the other helpers' services; and a second worker with rows of their own.
The link to a member and rights cases about a worker come from the kit's factories (`link`; `case`, through
the intake service, so due dates follow the rules)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.assistance.models import Disbursement, DisbursementStatus, FileStatus, HardshipFile
from unionhall.cards import codes
from unionhall.cards.models import AssistanceCard, CardType, MerchantKind, PartnerMerchant, Redemption
from unionhall.funds import ledger
from unionhall.funds.models import AccountKind, JournalKind
from unionhall.orgs.models import Employer, Grant, OrgUnit, Role
from unionhall.rights.models import Case, CaseStatus
from unionhall.tests.city import TEST_PASSWORD, City
from unionhall.tests.factories import budget_chain, case, hardship_file, link, programme
from unionhall.worker_portal.models import WorkerProfile

_n = itertools.count(1)
CARD_CODE = "246810"


def worker_user(name: str, org: OrgUnit) -> User:
    user = User.objects.create_user(username=name, password=TEST_PASSWORD)
    Grant.objects.create(user=user, role=Role.WORKER, org=org)
    return user


def file_of(
    profile: WorkerProfile, org: OrgUnit, *, status: str = FileStatus.APPROVED, **extra: object
) -> HardshipFile:
    f = hardship_file(org, status=status, **extra)  # type: ignore[arg-type]
    HardshipFile.objects.filter(pk=f.pk).update(person=profile.person)
    f.refresh_from_db()
    return f


def merchant(org: OrgUnit, name: str = "东区爱心超市") -> PartnerMerchant:
    n = next(_n)
    account = ledger.open_account(AccountKind.MERCHANT, name)
    return PartnerMerchant.objects.create(
        code=f"M{n}", name=name, kind=MerchantKind.SUPERMARKET, org=org, account=account
    )


def card_of(file: HardshipFile, *, balance_fen: int, valid_days: int = 300) -> AssistanceCard:
    n = next(_n)
    card_type, _ = CardType.objects.get_or_create(
        code="test-living", defaults={"name": "生活救助卡", "accepted_at": [MerchantKind.SUPERMARKET]}
    )
    number = codes.new_number()
    card = AssistanceCard.objects.create(
        number=number,
        card_type=card_type,
        file=file,
        org=file.org,
        account=ledger.open_account(AccountKind.CARD, f"卡 {n}"),
        issued_on=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=valid_days),
        code_hash=codes.hash_code(CARD_CODE),
        code_enc=codes.encrypt_code(CARD_CODE),
    )
    budget = budget_chain(file.org, balance_fen)
    ledger.post(JournalKind.TOP_UP, [(budget.account, -balance_fen), (card.account, balance_fen)], org=file.org)
    card.account.refresh_from_db()
    return card


def redeem(card: AssistanceCard, shop: PartnerMerchant, amount_fen: int) -> Redemption:
    journal = ledger.post(
        JournalKind.REDEMPTION, [(card.account, -amount_fen), (shop.account, amount_fen)], org=card.org
    )
    return Redemption.objects.create(
        card=card, merchant=shop, amount_fen=amount_fen, merchant_ref=f"R{next(_n)}", journal=journal
    )


def paid_disbursement(file: HardshipFile, amount_fen: int) -> Disbursement:
    n = next(_n)
    budget = budget_chain(file.org, amount_fen)
    return Disbursement.objects.create(
        no=f"ZC{n:08d}",
        file=file,
        programme=programme(),
        budget=budget,
        org=file.org,
        amount_fen=amount_fen,
        status=DisbursementStatus.PAID,
        paid_on=date(2026, 11, 2),
        payee_name=file.person.name,
        bank_name="工商银行",
        bank_account_enc=file.bank_account_enc,
        bank_account_masked=file.bank_account_masked,
    )


@dataclass
class Mine:
    profile: WorkerProfile
    file: HardshipFile
    card: AssistanceCard
    payment: Disbursement
    redemption: Redemption


def worker_world(city: City) -> Mine:
    """worker_u1 is 李明 of U1 (phone 13800001111), with an archive, a payment of 1,200.00, a card holding
    500.00 of which 85.50 was spent at 东区爱心超市."""
    profile = link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    f = file_of(profile, city.u1)
    card = card_of(f, balance_fen=500_00)
    shop = merchant(city.d1)
    r = redeem(card, shop, 85_50)
    pay = paid_disbursement(f, 1_200_00)
    return Mine(profile, f, card, pay, r)


def other_world(city: City) -> Mine:
    """A second worker of U1, 赵红, with rows of her own."""
    user = worker_user("worker_b", city.u1)
    profile = link(user, city.u1, "赵红", phone="13900002222")
    f = file_of(profile, city.u1)
    card = card_of(f, balance_fen=300_00)
    r = redeem(card, merchant(city.d1, "东区爱心医院"), 10_00)
    pay = paid_disbursement(f, 800_00)
    return Mine(profile, f, card, pay, r)


def case_of(
    profile: WorkerProfile,
    org: OrgUnit,
    *,
    employer: Employer | None = None,
    status: str = CaseStatus.RECEIVED,
    **extra: Any,
) -> Case:
    """A rights case about the worker's person, handled at `org` (a hotline call, say)."""
    return case(org, employer=employer, status=status, person=profile.person, **extra)
