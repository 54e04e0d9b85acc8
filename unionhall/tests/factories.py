"""The factories every app's tests share, one per kind of row: each builds a row in the state asked for,
directly or through the one service that writes it, so a test of one service does not depend on every
other service. Use `from unionhall.tests import factories` (or import the names you need).

People and members: `valid_id`, `person`, `join`; worker accounts: `link`; join applications: `submit`
(and the ID numbers WANG, LI, ZHAO). Assistance: `hardship_file` (`archive` when the causes matter),
`programme`; money: `fund`, `budget_chain`, `a_request` (a disbursement request), `disbursement` (a row as
the reports read it); cards: `card_type`, `card`, `merchant`, `merchant_d1`; services delivered:
`delivery`; rights: `case`, `risk`; the joint meeting's member departments of both districts: `departments`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone
from stdnum.cn import ric

from unionhall.accounts.models import User
from unionhall.assistance.disbursements import services as payments
from unionhall.assistance.models import (
    Disbursement,
    DisbursementApproval,
    FileStatus,
    HardshipCategory,
    HardshipFile,
    Programme,
    ProgrammeKind,
)
from unionhall.cards import services as card_services
from unionhall.cards.models import AssistanceCard, CardType, MerchantKind, PartnerMerchant
from unionhall.core.actors import SystemActor
from unionhall.funds import ledger
from unionhall.funds.models import AccountKind, Budget, Fund, JournalKind
from unionhall.joining import services as joining_services
from unionhall.joining.models import JoinApplication
from unionhall.members import services as member_services
from unionhall.members.models import Membership, Person
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.rights import services as rights_services
from unionhall.rights.models import Case, CaseShare, CaseStatus, RiskReport
from unionhall.rights.risk_services import risk_report_file
from unionhall.supervision.models import Department, Liaison
from unionhall.ten_services.models import ServiceDelivery
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.worker_portal.models import WorkerProfile

_serial = itertools.count(1)


def valid_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def join(
    org: OrgUnit, name: str, body17: str, *, phone: str = "", on: date | None = None, **extra: object
) -> Membership:
    person = member_services.PersonData(name=name, id_number=valid_id(body17), phone=phone, **extra)  # type: ignore[arg-type]
    return member_services.member_join(actor=SYSTEM, org=org, person=person, joined_on=on)


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


def disbursement_body(city: City, budget_fen: int = 10_000_00) -> dict[str, Any]:
    """The JSON of a payment request through the API: an approved archive at U1, a budget at D1, 1,200.50 yuan."""
    budget = budget_chain(city.d1, budget_fen)
    return {
        "archive": hardship_file(city.u1).pk,
        "programme": programme(fund=budget.fund).pk,
        "budget": budget.pk,
        "amount": "1200.50",
    }


def a_request(
    city: City, *, amount_fen: int = 1_000_00, budget_fen: int = 10_000_00, budget: Budget | None = None, **extra: Any
) -> Disbursement:
    """An approved archive at U1, a budget at D1 (unless given) and chair_u1's request against it."""
    budget = budget or budget_chain(city.d1, budget_fen)
    return payments.disbursement_request(
        actor=city.users["chair_u1"],
        file=hardship_file(city.u1),
        programme=programme(fund=budget.fund),
        budget=budget,
        amount_fen=amount_fen,
        **extra,
    )


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
    f = hardship_file(org, **extra)
    if causes is not None:
        f.causes = causes
        f.save(update_fields=["causes"])
    return f


def merchant(
    city: City, *, org: OrgUnit | None = None, kind: str = MerchantKind.SUPERMARKET, user: str | None = None
) -> PartnerMerchant:
    n = next(_serial)
    m = card_services.merchant_create(
        actor=SYSTEM, org=org or city.d1, code=f"M{n:04d}", name=f"爱心超市{n}号", kind=kind
    )
    if user is not None:
        card_services.merchant_user_link(actor=SYSTEM, merchant=m, user=city.users[user])
    return m


def merchant_d1(city: City) -> PartnerMerchant:
    """The D1 supermarket with merchant_d1 at its counter (created once per city)."""
    existing = PartnerMerchant.objects.filter(users=city.users["merchant_d1"]).first()
    return existing or merchant(city, org=city.d1, user="merchant_d1")


def link(user: User, org: OrgUnit, name: str, *, phone: str) -> WorkerProfile:
    n = next(_serial)
    # The sequence code holds 3 digits: past 999 the birth year moves on, so a long run never repeats or
    # overflows an ID number (the authorization table links thousands of workers in one process).
    membership = join(org, name, f"320508{1985 + n // 1000 % 30}0215{n % 1000:03d}", phone=phone)
    user.phone = phone
    user.save(update_fields=["phone"])
    return WorkerProfile.objects.create(user=user, person=membership.person)


WANG = valid_id("32050819900307123")  # 王小明, born 1990-03-07
LI = valid_id("32050819851120224")  # 李芳
ZHAO = valid_id("11010519920101003")


def submit(
    city: City, *, name: str = "王小明", id_number: str = WANG, phone: str = "13912345678", **extra: Any
) -> JoinApplication:
    """An application from a worker of 东方机械有限公司 (E1, covered by U1) unless told otherwise."""
    data = joining_services.ApplicationData(
        name=name,
        id_number=id_number,
        phone=phone,
        employer_text=extra.pop("employer_text", ""),
        employer=extra.pop("employer", city.e1),
        area=extra.pop("area", None),
    )
    assert not extra, extra
    return joining_services.join_application_submit(actor=joining_services.PORTAL, data=data)


FACTORY = SystemActor("test-factory")


def case(
    org: OrgUnit,
    *,
    status: str = CaseStatus.RECEIVED,
    employer: Employer | None = None,
    category: str = "wage_arrears",
    complexity: str = "general",
    summary: str = "拖欠三个月工资",
    shared_with: OrgUnit | None = None,
    **extra: Any,
) -> Case:
    """A case handled at `org` (an employer, when given, must be covered by it or routing moves the case)."""
    data = rights_services.CaseIntake(
        category=category,
        complexity=complexity,
        summary=summary,
        contact_name="王师傅",
        contact_phone="13900001111",
        source="hotline",
        employer=employer,
        employer_text="" if employer else "某建筑劳务公司",
        person=extra.pop("person", None),
    )
    c = rights_services.case_create(actor=FACTORY, intake_org=org, data=data, **extra)
    if status != CaseStatus.RECEIVED:
        closed = timezone.now() if status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN) else None
        Case.objects.filter(pk=c.pk).update(status=status, closed_at=closed)
        c.refresh_from_db()
    if shared_with is not None:
        CaseShare.objects.create(case=c, org=shared_with)
    return c


def risk(org: OrgUnit, *, level: str = "orange", kind: str = "arrears", **extra: Any) -> RiskReport:
    return risk_report_file(
        actor=FACTORY, org=org, kind=kind, level=level, description="连续两个月未发工资，职工情绪不稳", **extra
    )


@dataclass
class Departments:
    rs: Department  # 东区 人社局, whose liaison is the city's `liaison_d1`
    zj: Department  # 东区 住建局, a contact without a login
    west: Department  # 西区 人社局


def departments(c: City) -> Departments:
    """The member departments of 东区's and 西区's joint meetings (supervision, meetings)."""
    rs = Department.objects.create(org=c.d1, name="东区人力资源和社会保障局", short_name="人社局")
    zj = Department.objects.create(org=c.d1, name="东区住房和城乡建设局", short_name="住建局")
    west = Department.objects.create(org=c.d2, name="西区人力资源和社会保障局", short_name="人社局")
    Liaison.objects.create(department=rs, name="孙联络", post="科长", phone="13900001111", user=c.users["liaison_d1"])
    Liaison.objects.create(department=zj, name="周联络", post="科员", phone="0512-68123456")
    return Departments(rs, zj, west)
