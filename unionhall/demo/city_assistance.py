"""seed_city's assistance: hardship archives (困难职工档案) in every state of their life, this year's payments
(救助支出) with the ledger's journals the services would post, and living-assistance cards (帮扶卡) for the
archived households; written in bulk like the members (city._write), in a second or two for a million.

Proportions, for a city of 1,000,000 members: about 0.7% of members hold an archive (7,000), within the
0.5–1% that city federations report (roughly one family in a hundred to a hundred and fifty under the
relative-hardship line); two thirds of archives are approved and in help, one in eight has left hardship
(解困), the rest are on their way (draft, submitted, verified, in public notice) or were refused. Every
approved household gets this year's 送温暖 payment and one in eight a job-support payment (就业帮扶) when
unemployment is a cause, most paid by now; four in five hold a 生活救助卡 topped up once or twice.

What the services would write is written the same way:
- an archive's history: one FileEvent per step of assistance/workflow.py (create, submit, verify,
  start_notice, approve, review, exit, follow_up, return, reject), with the home visits the steps rest on
  and the category computed from income and household size (services.compute_category);
- money as funds/ledger.post would move it: the fund's source funds the city's budget, which allocates to
  every district and the districts to every town; a payment's approval commits budget → payable
  (DISBURSEMENT), its payment moves payable → paid (PAYMENT), a cancellation reverses both (REVERSAL);
  a card's top-up moves budget → card (TOP_UP). Every journal's lines sum to zero, every account's
  balance is the sum of its entries, and every budget's amount − allocated − spent is its account's
  balance;
- payments only from programmes whose rules the archive meets (eligibility: category, once a year, no
  evidence required: 送温暖 and 就业帮扶; the others need uploaded proofs, which a seed has none of), at
  the programme's standard amount (eligibility.suggested_amount).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from unionhall.assistance import eligibility
from unionhall.assistance.models import (
    AssistanceSettings,
    Disbursement,
    DisbursementApproval,
    DisbursementStatus,
    FileEvent,
    FileStatus,
    HardshipCategory,
    HardshipFile,
    HomeVisit,
    Programme,
    VisitKind,
)
from unionhall.assistance.services import compute_category
from unionhall.cards import codes
from unionhall.cards.models import AssistanceCard, CardStatus, CardType
from unionhall.core import pii
from unionhall.core.actors import SystemActor
from unionhall.demo.city_cast import Cast, Member, next_id
from unionhall.funds.models import Account, AccountKind, Budget, Fund, Journal, JournalKind, LedgerEntry
from unionhall.notices.window import notice_window
from unionhall.orgs.models import OrgLevel
from unionhall.programmes.seeding import seed_programmes
from unionhall.workcalendar.workdays import add_months

ARCHIVE_SHARE = 0.007  # of members: see the module's docstring
# The state each archive stands in, with its weight.
STATES = [
    (FileStatus.APPROVED, 66),
    (FileStatus.EXITED, 12),
    (FileStatus.NOTICE, 3),
    (FileStatus.VERIFIED, 3),
    (FileStatus.SUBMITTED, 5),
    (FileStatus.DRAFT, 4),
    (FileStatus.REJECTED, 5),
    (FileStatus.RETURNED, 2),
]
CAUSES = [
    (["illness"], 26),
    (["low_income"], 18),
    (["disability"], 10),
    (["education"], 10),
    (["unemployment"], 10),
    (["illness", "low_income"], 10),
    (["disability", "low_income"], 5),
    (["unemployment", "education"], 5),
    (["accident"], 4),
    (["disaster"], 2),
]
DESCRIPTIONS = {
    "illness": "家庭成员患重病长期治疗，医疗支出大，",
    "low_income": "本人收入低，家庭无其他稳定收入，",
    "disability": "家庭成员残疾需长期照护，",
    "education": "子女就学开支大，",
    "unemployment": "配偶失业在家，",
    "accident": "本人遭遇意外事故受伤，",
    "disaster": "住房遭受火灾，",
}
EXIT_REASONS = ["子女就业，家庭收入超过困难标准。", "病情稳定，本人恢复工作。", "配偶再就业，家庭收入提高。"]
REJECT_REASONS = ["入户核查发现家庭收入与申报不符。", "家庭人均收入高于相对困难标准。"]
RETURN_REASONS = ["家人再次患病住院，重新陷入困难。", "企业停产，本人失业。"]
ROADS = ["人民路", "干将路", "长江路", "湖东路", "太湖路", "虞山路", "前进路", "中山路"]
BANKS = ["中国工商银行", "中国农业银行", "中国建设银行", "苏州银行", "江苏银行"]
FUND = ("KNZG", "困难职工帮扶资金")
SEED = SystemActor("manage.py seed_city")


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


@dataclass
class Ledger:
    """Accounts, journals and entries as ledger.post would append them, ids chosen here."""

    account_id: int
    journal_id: int
    entry_id: int
    accounts: list[list[Any]] = field(default_factory=list)  # [id, kind, name, balance, allow_negative]
    journals: list[tuple[Any, ...]] = field(default_factory=list)
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    balance: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def open(self, kind: str, name: str) -> int:
        pk = self.account_id
        self.account_id += 1
        self.accounts.append([pk, kind, name[:120], 0, kind == AccountKind.SOURCE])
        return pk

    def post(
        self, kind: str, lines: list[tuple[int, int]], *, memo: str, org: int | None, actor: Any, at: datetime,
        reverses: int | None = None,
    ) -> int:  # fmt: skip
        assert sum(amount for _, amount in lines) == 0 and all(amount for _, amount in lines)
        pk = self.journal_id
        self.journal_id += 1
        self.journals.append((pk, kind, memo[:200], org, reverses, getattr(actor, "pk", None), at))
        for account, amount in sorted(lines):
            self.entries.append((self.entry_id, pk, account, amount))
            self.entry_id += 1
            self.balance[account] += amount
        return pk

    def reverse(self, journal: int, *, memo: str, actor: Any, at: datetime) -> int:
        lines = [(account, -amount) for _, j, account, amount in self.entries if j == journal]
        org = next(row[3] for row in self.journals if row[0] == journal)
        return self.post(JournalKind.REVERSAL, lines, memo=memo, org=org, actor=actor, at=at, reverses=journal)

    def account_rows(self) -> list[tuple[Any, ...]]:
        return [(pk, kind, name, self.balance[pk], negative) for pk, kind, name, _, negative in self.accounts]


@dataclass
class Plan:
    """One archive as generated: its row's values and what happened to it, by date."""

    id: int
    member: Member
    status: str
    category: str
    causes: list[str]
    created: date
    values: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[str, str, str, date, str]] = field(default_factory=list)  # step, from, to, day, note
    visits: list[tuple[str, date, bool]] = field(default_factory=list)


def seed_city_assistance(cast: Cast, *, write: Any) -> dict[str, int]:
    """Archives, payments, budgets with their ledger, and cards; `write` is city._write."""
    cfg = AssistanceSettings.current()
    seed_programmes(actor=SEED)
    warmth, employment = Programme.objects.get(code="WARMTH"), Programme.objects.get(code="EMPLOYMENT")
    members = cast.members[: round(ARCHIVE_SHARE * cast.member_count)]
    plans = [_plan(cast, cfg, pk, m) for pk, m in enumerate(members, start=next_id(HardshipFile))]
    write(HardshipFile, FILE_COLUMNS, (_file_row(cast, p) for p in plans))
    event_id, visit_id = next_id(FileEvent), next_id(HomeVisit)
    events, visits = [], []
    for p in plans:
        cadre = cast.cadre_for(p.member.org)
        for k, (step, before, after, day, note) in enumerate(p.events):
            grassroots = step in ("create", "submit", "follow_up", "return")  # the union's own steps
            actor = None if grassroots else cadre.pk
            name = SEED.name if grassroots else cadre.username
            # In order, also on one day, and never later than now (a seed run early in the morning).
            at = min(_at(day, 9) + timedelta(minutes=30 * k), cast.now - timedelta(minutes=60 - k))
            events.append((event_id, actor, name, at, p.id, step, before, after, note))
            event_id += 1
        for kind, day, confirmed in p.visits:
            visitors = f"{cast.units[cast.nearest(p.member.org, (OrgLevel.TOWN, OrgLevel.DISTRICT))].name} 走访组"
            finding = VISIT_FINDINGS[kind] if confirmed else "入户核查发现家庭收入与申报不符。"
            recorded = min(_at(day, 8, 30), cast.now - timedelta(hours=2))  # before the step that rests on it
            visits.append((visit_id, p.id, kind, day, visitors, finding, confirmed, cadre.pk, recorded))
            visit_id += 1
    write(FileEvent, FILE_EVENT_COLUMNS, events)
    write(HomeVisit, VISIT_COLUMNS, visits)
    money = _money(cast, plans, warmth, employment, write=write)
    return {"hardship_files": len(plans), "file_events": len(events), "home_visits": len(visits), **money}


VISIT_FINDINGS: dict[str, str] = {
    VisitKind.VERIFICATION: "入户核实，家庭收入与申报一致，住房简陋。",
    VisitKind.REVIEW: "年审入户，家庭困难情况未改变。",
    VisitKind.FOLLOW_UP: "解困后回访，家庭收入稳定，生活正常。",
}


def _plan(cast: Cast, cfg: AssistanceSettings, pk: int, member: Member) -> Plan:
    """The archive's state and its history, back from today: steps a few days apart, as a street works."""
    rng, today = cast.rng, cast.today
    status = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
    causes = list(rng.choices([c for c, _ in CAUSES], weights=[w for _, w in CAUSES])[0])
    size = rng.choice((1, 2, 3, 3, 3, 4, 4, 5))
    # Per capita around the 低保 line: most below 1.5×, a refused one above it (and no sudden cause).
    line = cfg.dibao_fen * (rng.uniform(0.45, 1.45) if status != FileStatus.REJECTED else rng.uniform(1.6, 2.4))
    if status == FileStatus.REJECTED:
        causes = [c for c in causes if c not in ("accident", "disaster")] or ["low_income"]
    income = int(line * size) // 100 * 100
    category = compute_category(income, size, causes, cfg)
    assert status == FileStatus.REJECTED or category != HardshipCategory.NONE
    if status in (FileStatus.APPROVED, FileStatus.EXITED, FileStatus.RETURNED):
        age = rng.randrange(40, 1500)
    elif status == FileStatus.REJECTED:
        age = rng.randrange(20, 400)
    else:
        age = rng.randrange(2, 25)
    created = today - timedelta(days=age)
    p = Plan(pk, member, status, category, causes, created)
    account = "6222" + "".join(rng.choice("0123456789") for _ in range(15))
    p.values = {
        "monthly_income_fen": income,
        "household_size": size,
        "bank_name": rng.choice(BANKS),
        "bank_account_enc": pii.seal(account),
        "bank_account_masked": pii.mask_account(account),
    }

    day = created
    p.events.append(("create", "", FileStatus.DRAFT, day, ""))

    def step(name: str, before: str, after: str, gap: tuple[int, int], note: str = "") -> date:
        nonlocal day
        day = min(today, day + timedelta(days=rng.randrange(*gap)))
        p.events.append((name, before, after, day, note))
        return day

    if status == FileStatus.DRAFT:
        return p
    step("submit", FileStatus.DRAFT, FileStatus.SUBMITTED, (0, 3))
    if status == FileStatus.SUBMITTED:
        return p
    visit = min(today, day + timedelta(days=rng.randrange(1, 6)))
    if status == FileStatus.REJECTED:
        p.visits.append((VisitKind.VERIFICATION, visit, False))
        day = visit
        step("reject", FileStatus.SUBMITTED, FileStatus.REJECTED, (0, 3), rng.choice(REJECT_REASONS))
        return p
    p.visits.append((VisitKind.VERIFICATION, visit, True))
    day = visit
    p.values["verified_on"] = visit
    step("verify", FileStatus.SUBMITTED, FileStatus.VERIFIED, (0, 2))
    if status == FileStatus.VERIFIED:
        return p
    if status == FileStatus.NOTICE:
        day = max(day, today - timedelta(days=cfg.notice_days - 1))  # still in its notice
    starts = step("start_notice", FileStatus.VERIFIED, FileStatus.NOTICE, (0, 3))
    window = notice_window(starts, cfg.notice_days)
    p.values["notice_starts_on"], p.values["notice_ends_on"] = window.starts_on, window.ends_on
    if status == FileStatus.NOTICE:
        return p
    day = window.ends_on  # approved the day after the notice ends
    approved = step("approve", FileStatus.NOTICE, FileStatus.APPROVED, (1, 4))
    p.values["approved_on"] = approved
    # 年审 once a year after approval; about one in twenty approved archives is overdue for this year's.
    overdue = status == FileStatus.APPROVED and rng.random() < 0.05
    while (today - day).days > cfg.review_interval_days + (0 if overdue else -30):
        if overdue and (today - day).days <= 2 * cfg.review_interval_days:
            break
        visit = day + timedelta(days=cfg.review_interval_days - rng.randrange(5, 30))
        p.visits.append((VisitKind.REVIEW, visit, True))
        day = visit
        p.values["verified_on"] = visit
        step("review", FileStatus.APPROVED, FileStatus.APPROVED, (0, 3))
    if status == FileStatus.APPROVED:
        return p
    if (today - day).days < 20:
        day = today - timedelta(days=20)
    exited = step("exit", FileStatus.APPROVED, FileStatus.EXITED, (1, max(2, (today - day).days - 15)))
    p.values["exited_on"], p.values["exit_reason"] = exited, p.events[-1][4] or rng.choice(EXIT_REASONS)
    p.events[-1] = (*p.events[-1][:4], p.values["exit_reason"])
    if (today - exited).days > 60:
        visit = exited + timedelta(days=rng.randrange(30, min(cfg.follow_up_days, (today - exited).days)))
        p.visits.append((VisitKind.FOLLOW_UP, visit, True))
        day = visit
        p.values["followed_up_on"] = visit
        step("follow_up", FileStatus.EXITED, FileStatus.EXITED, (0, 2))
    if status == FileStatus.RETURNED:
        step("return", FileStatus.EXITED, FileStatus.RETURNED, (1, 10), rng.choice(RETURN_REASONS))
        p.values["notice_starts_on"] = p.values["notice_ends_on"] = None  # the earlier round no longer holds
    return p


def _file_row(cast: Cast, p: Plan) -> tuple[Any, ...]:
    rng, v = cast.rng, p.values
    district = cast.units[cast.district_of(p.member.org) or p.member.org].name.removesuffix("总工会")
    description = "".join(DESCRIPTIONS[c] for c in p.causes) + "生活困难。"
    stamp = _at(p.created, 9)
    return (
        p.id,
        v["bank_account_enc"],
        v["bank_account_masked"],
        f"KN{p.created.year}{p.id:07d}",
        p.member.org,
        p.member.person,
        p.member.employer,
        p.member.phone,
        f"{district}{rng.choice(ROADS)}{rng.randrange(1, 400)}号",
        p.status,
        "staff",
        p.causes,
        pii.encrypt(description),
        pii.encrypt(str(v["monthly_income_fen"])),
        v["household_size"],
        p.category,
        p.category,
        "",
        v["bank_name"],
        v.get("notice_starts_on"),
        v.get("notice_ends_on"),
        v.get("approved_on"),
        v.get("verified_on"),
        v.get("exited_on"),
        v.get("exit_reason", ""),
        v.get("followed_up_on"),
        None,
        stamp,
        _at(p.events[-1][3], 17),
    )


# --- money -------------------------------------------------------------------------------------------


@dataclass
class Pay:
    """One payment request as generated."""

    plan: Plan
    programme: Programme
    amount: int
    requested: datetime
    status: str
    budget_org: int
    id: int = 0
    no: str = ""
    approved: datetime | None = None
    paid_on: date | None = None
    journals: dict[str, int] = field(default_factory=dict)
    reason: str = ""


def _money(cast: Cast, plans: list[Plan], warmth: Programme, employment: Programme, *, write: Any) -> dict[str, int]:
    rng, today, now = cast.rng, cast.today, cast.now
    year_start = _at(date(today.year, 1, 2), 9)
    # This year's money: funded on 2 January (or an hour ago, on the first days of a year), allocated down a
    # few days later, spent from then until now.
    funded = min(year_start, now - timedelta(hours=3))
    allocated = min(funded + timedelta(days=5), now - timedelta(hours=2))

    def moment(earliest: datetime | None = None) -> datetime:
        start = min(max(allocated, earliest or allocated), now - timedelta(minutes=20))
        return start + timedelta(seconds=rng.uniform(0, max((now - start).total_seconds() - 600, 1)))

    def budget_org(org: int) -> int:
        return cast.nearest(org, (OrgLevel.TOWN, OrgLevel.DISTRICT, OrgLevel.CITY))

    approved = [p for p in plans if p.status == FileStatus.APPROVED]
    pays: list[Pay] = []
    for p in approved:
        shell = HardshipFile(category=p.category)
        chosen = [warmth] if rng.random() < 0.92 else []
        if "unemployment" in p.causes and rng.random() < 0.6:
            chosen.append(employment)
        for programme in chosen:
            requested = moment(_at(p.values["approved_on"], 9))
            recent = (now - requested) < timedelta(days=10)
            weights = (45, 45, 0, 10, 0) if recent else (2, 4, 88, 3, 3)
            status = rng.choices(
                [
                    DisbursementStatus.REQUESTED,
                    DisbursementStatus.APPROVED,
                    DisbursementStatus.PAID,
                    DisbursementStatus.REJECTED,
                    DisbursementStatus.CANCELLED,
                ],
                weights=weights,
            )[0]
            fen = eligibility.suggested_amount(file=shell, programme=programme)
            pays.append(Pay(p, programme, fen, requested, status, budget_org(p.member.org)))
    pays.sort(key=lambda d: d.requested)
    first = next_id(Disbursement)
    serial: dict[int, int] = defaultdict(int)
    for i, d in enumerate(pays):
        d.id = first + i
        serial[d.requested.year] += 1
        d.no = f"ZC{timezone.localtime(d.requested).year}{serial[d.requested.year]:06d}"
    cards = _card_plans(cast, approved, budget_org, moment)

    # What each budget spends, then what it holds: its spending and its children's, with a margin left.
    spent: dict[int, int] = defaultdict(int)
    for d in pays:
        if d.status in (DisbursementStatus.APPROVED, DisbursementStatus.PAID):
            spent[d.budget_org] += d.amount
    for c in cards:
        spent[c["budget_org"]] += sum(c["top_ups"])
    root = next(u.id for u in cast.units.values() if u.parent is None)
    orgs = [u for u in cast.units.values() if u.level in (OrgLevel.DISTRICT, OrgLevel.TOWN)]
    holders = [root, *(u.id for u in sorted(orgs, key=lambda u: u.path))]
    amount: dict[int, int] = {}
    for org in sorted(holders, key=lambda o: -len(cast.units[o].path)):  # children before parents
        children = sum(amount[c] for c in holders if c != org and cast.units[c].parent == org)
        need = children + spent[org]
        amount[org] = math.ceil((need * 1.25 + 50_000_00) / 10_000_00) * 10_000_00

    ledger = Ledger(next_id(Account), next_id(Journal), next_id(LedgerEntry))
    source = ledger.open(AccountKind.SOURCE, f"{FUND[1]}来源")
    fund_id = next_id(Fund)
    budget_ids = dict(zip(holders, range(next_id(Budget), next_id(Budget) + len(holders)), strict=True))
    accounts: dict[int, dict[str, int]] = {}
    for org in holders:
        label = f"{today.year}年 {FUND[1]} · {cast.units[org].name}"
        accounts[org] = {"account": ledger.open(AccountKind.BUDGET, label)}
        if spent[org] or any(d.budget_org == org for d in pays if d.approved or d.status != "requested"):
            accounts[org]["payable"] = ledger.open(AccountKind.PAYABLE, f"待支付 · {label}")
            accounts[org]["paid"] = ledger.open(AccountKind.PAID, f"已支付 · {label}")
    for c in cards:
        c["account"] = ledger.open(AccountKind.CARD, f"{c['type'].name} {c['number']}")
    admin = cast.admin
    ledger.post(
        JournalKind.FUNDING,
        [(source, -amount[root]), (accounts[root]["account"], amount[root])],
        memo=f"{today.year}年{FUND[1]}市级预算",
        org=root,
        actor=admin,
        at=funded,
    )
    for org in holders[1:]:  # parents before children (ordered by path)
        parent = cast.units[org].parent
        assert parent is not None
        ledger.post(
            JournalKind.ALLOCATION,
            [(accounts[parent]["account"], -amount[org]), (accounts[org]["account"], amount[org])],
            memo=f"下拨至{cast.units[org].name}",
            org=org,
            actor=cast.cadre_for(parent) if parent != root else admin,
            at=allocated - timedelta(hours=1) + timedelta(minutes=len(cast.units[org].path)),
        )

    # Spending in time order, as the services would post it.
    steps: list[tuple[datetime, str, Any]] = []
    for d in pays:
        if d.status in (DisbursementStatus.APPROVED, DisbursementStatus.PAID, DisbursementStatus.CANCELLED):
            d.approved = min(now - timedelta(minutes=5), d.requested + timedelta(days=rng.uniform(0.2, 6)))
            steps.append((d.approved, "commit", d))
            if d.status != DisbursementStatus.APPROVED and rng.random() < (0.8 if d.status == "cancelled" else 1):
                paid = min(now - timedelta(minutes=2), d.approved + timedelta(days=rng.uniform(0.5, 8)))
                d.paid_on = timezone.localdate(paid)
                steps.append((paid, "pay", d))
            if d.status == DisbursementStatus.CANCELLED:
                d.reason = "职工已调离本市，撤销本次救助。"
                steps.append((min(now - timedelta(minutes=1), d.approved + timedelta(days=9)), "cancel", d))
        elif d.status == DisbursementStatus.REJECTED:
            d.reason = "本年度已享受同类救助，不予重复发放。"
    for c in cards:
        for k, (day, fen) in enumerate(zip(c["days"], c["top_ups"], strict=True)):
            steps.append((day, "top_up", (c, k, fen)))
    steps.sort(key=lambda s: (s[0], s[1]))
    for at, kind, item in steps:
        if kind == "top_up":
            c, _, fen = item
            ledger.post(
                JournalKind.TOP_UP,
                [(accounts[c["budget_org"]]["account"], -fen), (c["account"], fen)],
                memo=f"充值 {c['type'].name} {c['number']}",
                org=c["org"],
                actor=c["cadre"],
                at=at,
            )
            continue
        d = item
        own = accounts[d.budget_org]
        cadre = cast.cadre_for(d.plan.member.org)
        if kind == "commit":
            d.journals["approve"] = ledger.post(
                JournalKind.DISBURSEMENT,
                [(own["account"], -d.amount), (own["payable"], d.amount)],
                memo=f"{d.no} {d.programme.name}",
                org=d.plan.member.org,
                actor=cadre,
                at=at,
            )
        elif kind == "pay":
            d.journals["pay"] = ledger.post(
                JournalKind.PAYMENT,
                [(own["payable"], -d.amount), (own["paid"], d.amount)],
                memo=f"{d.no} 银行流水 {_bank_ref(d)}",
                org=d.plan.member.org,
                actor=cadre,
                at=at,
            )
        else:
            memo = f"撤销 {d.no}：{d.reason}"
            if "pay" in d.journals:
                ledger.reverse(d.journals["pay"], memo=memo, actor=cadre, at=at)
            d.journals["cancel"] = ledger.reverse(d.journals["approve"], memo=memo, actor=cadre, at=at)
    for org in holders:  # the ledger agrees with the figures the budgets will show
        children = sum(amount[c] for c in holders if c != org and cast.units[c].parent == org)
        assert ledger.balance[accounts[org]["account"]] == amount[org] - children - spent[org]

    dual = AssistanceSettings.current().dual_approval_fen
    write(Account, ACCOUNT_COLUMNS, ledger.account_rows())
    write(Fund, ["id", "code", "name", "source_id", "active"], [(fund_id, *FUND, source, True)])
    write(
        Budget,
        BUDGET_COLUMNS,
        [
            (
                budget_ids[org],
                fund_id,
                today.year,
                org,
                budget_ids[cast.units[org].parent] if org != root else None,  # type: ignore[index]
                accounts[org]["account"],
                accounts[org].get("payable"),
                accounts[org].get("paid"),
                amount[org],
                sum(amount[c] for c in holders if c != org and cast.units[c].parent == org),
                spent[org],
                funded,
            )
            for org in holders
        ],
    )
    write(Journal, JOURNAL_COLUMNS, ledger.journals)
    write(LedgerEntry, ["id", "journal_id", "account_id", "amount_fen"], ledger.entries)
    write(Disbursement, DISBURSEMENT_COLUMNS, (_disbursement_row(d, budget_ids, dual) for d in pays))
    approvals = [
        (i, d.id, cast.cadre_for(d.plan.member.org).pk, d.approved, "")
        for i, d in enumerate((d for d in pays if d.approved), start=next_id(DisbursementApproval))
    ]
    write(DisbursementApproval, ["id", "disbursement_id", "approver_id", "at", "note"], approvals)
    write(AssistanceCard, CARD_COLUMNS, (_card_row(c) for c in cards))
    by_status: dict[str, int] = defaultdict(int)
    for d in pays:
        by_status[d.status] += 1
    return {
        "budgets": len(holders),
        "disbursements": len(pays),
        "disbursements_paid": by_status[DisbursementStatus.PAID],
        "journals": len(ledger.journals),
        "ledger_entries": len(ledger.entries),
        "cards": len(cards),
    }


def _bank_ref(d: Pay) -> str:
    return f"ICBC{d.paid_on:%Y%m%d}{d.id:06d}"


def _disbursement_row(d: Pay, budget_ids: dict[int, int], dual: int) -> tuple[Any, ...]:
    plan = d.plan
    return (
        d.id,
        d.no,
        plan.id,
        d.programme.pk,
        budget_ids[d.budget_org],
        plan.member.org,
        d.amount,
        d.status,
        d.amount >= dual,
        {},
        None,
        None,
        plan.member.name,
        plan.values["bank_name"],
        plan.values["bank_account_enc"],
        plan.values["bank_account_masked"],
        None,
        d.requested,
        d.approved,
        d.journals.get("approve"),
        d.paid_on if "pay" in d.journals else None,
        _bank_ref(d) if "pay" in d.journals else "",
        d.journals.get("pay"),
        d.reason,
        d.journals.get("cancel"),
    )


def _card_plans(cast: Cast, approved: list[Plan], budget_org: Any, moment: Any) -> list[dict[str, Any]]:
    """A 生活救助卡 for four in five approved households, topped up once or twice this year; a few frozen."""
    rng = cast.rng
    card_type = CardType.objects.filter(active=True, one_off=False).order_by("sort", "code").first()
    if card_type is None:
        return []
    cards = []
    card_id = next_id(AssistanceCard)
    for p in approved:
        if rng.random() >= 0.8:
            continue
        issued_at = moment(_at(p.values["approved_on"], 9))
        issued = timezone.localdate(issued_at)
        number = _card_number(card_id)
        code = "".join(rng.choice("0123456789") for _ in range(codes.CODE_LENGTH))
        frozen = rng.random() < 0.03
        top_ups = [rng.choice((300_00, 500_00, 800_00))]
        days = [issued_at + timedelta(minutes=10)]
        if rng.random() < 0.4 and (cast.now - days[0]) > timedelta(days=40):
            days.append(days[0] + timedelta(days=rng.randrange(30, (cast.now - days[0]).days)))
            top_ups.append(rng.choice((300_00, 500_00)))
        cadre = cast.cadre_for(p.member.org)
        cards.append(
            {
                "type": card_type,
                "number": number,
                "org": p.member.org,
                "budget_org": budget_org(p.member.org),
                "cadre": cadre,
                "top_ups": top_ups,
                "days": days,
                "id": card_id,
                "file": p.id,
                "issued": issued,
                "frozen": frozen,
                "code": code,
            }
        )
        card_id += 1
    return cards


def _card_row(c: dict[str, Any]) -> tuple[Any, ...]:
    card_type = c["type"]
    return (
        c["id"],
        c["number"],
        card_type.pk,
        c["file"],
        c["org"],
        CardStatus.FROZEN if c["frozen"] else CardStatus.ACTIVE,
        c["account"],
        c["issued"],
        add_months(c["issued"], card_type.validity_months),
        codes.hash_code(c["code"]),
        codes.encrypt_code(c["code"]),
        None,
        "持卡人申请挂失，暂停使用。" if c["frozen"] else "",
        c["cadre"].pk,
        c["days"][0],
    )


def _card_number(n: int) -> str:
    """A unique, Luhn-valid number with the issuer prefix: the card's id, spread over the eleven digits."""
    body = codes.PREFIX + f"{(n * 7_919_113 + 104_729) % 10**11:011d}"
    return body + codes.luhn_check_digit(body)


FILE_COLUMNS = [
    "id", "bank_account_enc", "bank_account_masked", "no", "org_id", "person_id", "employer_id", "phone", "address",
    "status", "source", "causes", "description", "monthly_income_fen", "household_size", "category",
    "computed_category", "category_override_reason", "bank_name", "notice_starts_on", "notice_ends_on",
    "approved_on", "verified_on", "exited_on", "exit_reason", "followed_up_on", "created_by_id", "created_at",
    "updated_at",
]  # fmt: skip
FILE_EVENT_COLUMNS = ["id", "actor_id", "actor_name", "at", "file_id", "transition", "from_status", "to_status", "note"]
VISIT_COLUMNS = [
    "id", "file_id", "kind", "visited_on", "visitors", "findings", "confirmed", "recorded_by_id", "recorded_at",
]  # fmt: skip
ACCOUNT_COLUMNS = ["id", "kind", "name", "balance_fen", "allow_negative"]
BUDGET_COLUMNS = [
    "id", "fund_id", "year", "org_id", "parent_id", "account_id", "payable_account_id", "paid_account_id",
    "amount_fen", "allocated_fen", "spent_fen", "created_at",
]  # fmt: skip
JOURNAL_COLUMNS = ["id", "kind", "memo", "org_id", "reverses_id", "actor_id", "at"]
DISBURSEMENT_COLUMNS = [
    "id", "no", "file_id", "programme_id", "budget_id", "org_id", "amount_fen", "status", "needs_two_approvals",
    "details", "evidence_id", "batch_id", "payee_name", "bank_name", "bank_account_enc", "bank_account_masked",
    "requested_by_id", "requested_at", "approved_at", "approve_journal_id", "paid_on", "bank_ref",
    "pay_journal_id", "cancel_reason", "cancel_journal_id",
]  # fmt: skip
CARD_COLUMNS = [
    "id", "number", "card_type_id", "file_id", "org_id", "status", "account_id", "issued_on", "valid_until",
    "code_hash", "code_enc", "replaces_id", "freeze_reason", "issued_by_id", "created_at",
]  # fmt: skip
