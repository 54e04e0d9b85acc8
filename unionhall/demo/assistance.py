"""The demo city's assistance (issue 5): programmes, a fund with budgets down to one street, archives in
every state of their life, payments, cards, a partner supermarket with its login, and a 十送 log.

Everything goes through the services, acted by the demo logins whose roles allow each step (the chair
files, the street cadre verifies and approves, the district cadre and the city admin approve payments),
inside seed_demo's one audited action. Only the calendar is bent: a public notice that the demo wants
finished is back-dated before approval, as if it had been started a week ago.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.assistance import services as archives
from unionhall.assistance.disbursements import services as payments
from unionhall.assistance.models import EvidenceKind, FileStatus, HardshipFile, Programme, VisitKind
from unionhall.cards import services as cards
from unionhall.cards.models import CardType, MerchantKind
from unionhall.core.actors import SystemActor
from unionhall.funds import services as funds
from unionhall.funds.models import Budget
from unionhall.members.models import Membership, MembershipStatus
from unionhall.orgs.models import OrgUnit
from unionhall.programmes.seeding import seed_programmes
from unionhall.ten_services import services as deliveries
from unionhall.ten_services.models import DeliveryKind

CHAIR_UNION = "SZ-GS-01-E01"  # chair_demo's union
TOWN = "SZ-GS-01"  # cadre_town's street federation
DISTRICT = "SZ-GS"
# (target state, household income per month in yuan, household size, causes)
ARCHIVES = [
    ("approved", 2600, 3, ["illness"]),
    ("approved", 1900, 2, ["disability", "low_income"]),
    ("approved", 4100, 3, ["education"]),
    ("approved", 3000, 4, ["accident"]),
    ("notice", 2100, 3, ["unemployment"]),
    ("verified", 3300, 3, ["illness"]),
    ("submitted", 2500, 2, ["low_income"]),
    ("draft", 2800, 3, ["illness", "education"]),
    ("exited", 3900, 3, ["unemployment"]),
]


def _user(name: str) -> User:
    return User.objects.get(username=name)


def seed_assistance(*, rng: random.Random, today: date) -> dict[str, int]:
    system = SystemActor("manage.py seed_demo")
    # The services date what they do by the real calendar (a payment cannot precede its approval), so the
    # workflow's dates are today's; `today` (the seed's, fixed in tests) places only the 十送 log.
    now = timezone.localdate()
    chair, town_cadre, district_cadre, admin = (
        _user(n) for n in ("chair_demo", "cadre_town", "cadre_gusu", "admin_city")
    )
    seed_programmes(actor=system)
    union, town, district = (OrgUnit.objects.get(code=c) for c in (CHAIR_UNION, TOWN, DISTRICT))

    fund = funds.fund_create(actor=admin, code="KNZG", name="困难职工帮扶资金")
    root_budget = funds.budget_create(actor=admin, fund=fund, year=now.year, amount_fen=2_000_000_00)
    district_budget = funds.budget_allocate(actor=admin, parent=root_budget, org=district, amount_fen=600_000_00)
    town_budget = funds.budget_allocate(actor=district_cadre, parent=district_budget, org=town, amount_fen=200_000_00)

    # The chair's own members first, then members of the street's other unions (filed by the street cadre).
    members = list(
        Membership.objects.filter(org__path__startswith=town.path, status=MembershipStatus.ACTIVE)
        .select_related("person", "org")
        .order_by("id")
    )
    rng.shuffle(members)
    members.sort(key=lambda m: m.org_id != union.pk)
    files: list[HardshipFile] = []
    for (target, income, size, causes), member in zip(ARCHIVES, members, strict=False):
        person = member.person
        filer = chair if member.org_id == union.pk else town_cadre
        f = archives.hardship_file_create(
            actor=filer,
            org=member.org,
            name=person.name,
            id_number=person.reveal_id_number(),
            phone=person.phone,
            address=f"姑苏区{rng.choice(['平江', '双塔', '虎丘', '金阊'])}路{rng.randint(1, 300)}号",
            causes=causes,
            description="家庭主要劳动力收入低，子女就学、家人就医开支大。",
            monthly_income_fen=income * 100,
            household_size=size,
            bank_name="中国工商银行",
            bank_account=f"6222{rng.randint(10**14, 10**15 - 1)}",
        )
        files.append(_walk(f, target, today=now, chair=filer, cadre=town_cadre))

    living, medical = Programme.objects.get(code="LIVING"), Programme.objects.get(code="MEDICAL")
    paid = 0
    for f in files:
        f.refresh_from_db()
        if f.status != FileStatus.APPROVED:
            continue
        # The programme the household qualifies for, with the proof its rules ask for.
        programme, proof = (
            (medical, EvidenceKind.MEDICAL) if f.category == "accident" else (living, EvidenceKind.INCOME)
        )
        filer = chair if f.org_id == union.pk else town_cadre
        archives.evidence_upload(actor=filer, file=f, kind=proof, upload=_proof(f"{proof}-{f.no}.pdf"))
        d = payments.disbursement_request(actor=filer, file=f, programme=programme, budget=town_budget)
        # Nobody approves their own request; a second approver where the amount asks for two.
        first, second = (district_cadre, admin) if filer == town_cadre else (town_cadre, district_cadre)
        payments.disbursement_approve(actor=first, disbursement=d)
        d.refresh_from_db()
        if d.status != "approved":
            payments.disbursement_approve(actor=second, disbursement=d)
        if paid < 2:
            payments.disbursement_pay(
                actor=town_cadre, disbursement=d, paid_on=now, bank_ref=f"ICBC{now:%Y%m%d}{d.pk:06d}"
            )
            paid += 1

    merchant = cards.merchant_create(
        actor=district_cadre,
        org=district,
        code="AXCS-GS-01",
        name="姑苏区爱心超市（平江店）",
        kind=MerchantKind.SUPERMARKET,
        address="姑苏区平江路 88 号",
        contact="陈店长",
        phone="0512-65550001",
    )
    cards.merchant_user_link(actor=district_cadre, merchant=merchant, user=_user("merchant_demo"))
    living_card = CardType.objects.filter(active=True, one_off=False).order_by("sort", "code").first()
    issued = 0
    if living_card is not None:
        for f in files:
            if f.status != FileStatus.APPROVED:
                continue
            card = cards.card_issue(actor=town_cadre, file=f, card_type=living_card)
            cards.card_top_up(actor=town_cadre, card=card, budget=town_budget, amount_fen=800_00)
            issued += 1
            if issued == 1:
                cards.card_redeem(
                    actor=_user("merchant_demo"),
                    number=card.number,
                    code=cards.reveal_code(card),
                    amount_fen=126_50,
                    merchant_ref=f"POS{now:%Y%m%d}0001",
                )

    kinds = list(DeliveryKind)
    for i in range(12):
        deliveries.delivery_record(
            actor=chair if i % 3 else town_cadre,
            org=union if i % 3 else town,
            kind=kinds[i % len(kinds)],
            delivered_on=today - timedelta(days=7 * i + 3),
            title=f"{kinds[i % len(kinds)].label}进企业（第{i + 1}场）",
            beneficiary_count=rng.randint(20, 200),
            cost_fen=rng.randint(5, 80) * 100_00,
        )
    return {
        "hardship_files": len(files),
        "budgets": Budget.objects.count(),
        "cards": issued,
        "merchants": 1,
    }


def _proof(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned certificate."""
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


# The smallest well-formed one-page PDF: a blank A4 page.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _walk(f: HardshipFile, target: str, *, today: date, chair: Any, cadre: Any) -> HardshipFile:
    """Move a new draft along the workflow until it stands where the demo wants it."""
    if target == "draft":
        return f
    f = archives.hardship_file_submit(actor=chair, file=f)
    if target == "submitted":
        return f
    archives.home_visit_record(
        actor=cadre,
        file=f,
        kind=VisitKind.VERIFICATION,
        visited_on=today,
        visitors="街道总工会 张、李",
        findings="入户核实，家庭收入与申报一致，住房简陋。",
    )
    f = archives.hardship_file_verify(actor=cadre, file=f)
    if target == "verified":
        return f
    f = archives.hardship_file_start_notice(actor=cadre, file=f)
    if target == "notice":
        return f
    # The demo's approved archives were noticed a fortnight ago: back-date the notice, then approve.
    HardshipFile.objects.filter(pk=f.pk).update(
        notice_starts_on=today - timedelta(days=14), notice_ends_on=today - timedelta(days=8)
    )
    f.refresh_from_db()
    f = archives.hardship_file_approve(actor=cadre, file=f)
    if target == "approved":
        return f
    f = archives.hardship_file_exit(actor=cadre, file=f, reason="子女就业，家庭收入超过困难标准。")
    return f
