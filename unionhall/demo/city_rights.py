"""seed_city's rights protection: a year of cases (维权案件) in every status, overdue ones escalated as the
deadline sweep would have done, with their history lines and mediation records, and a year of risk reports
(风险报告) at every level, open orange and red ones among them; written in bulk like the members.

Proportions, for a city of 1,000,000 members: 3,600 cases over the last thirteen months (about 3.3 a year
per thousand members — a city federation's 12351 hotline, walk-ins and grassroots unions together take in a
few thousand requests a year, wage arrears the largest share) and 400 risk reports a year (四个第一人:
a few hundred early warnings, most of them blue or yellow). Old cases are nearly all closed or withdrawn;
recent ones are received, in progress or in mediation; an open case past its time limit has been escalated
(督办) to the federation above, as rights/sweep.py would have done the night it fell due.

Cases, due dates and history follow the services: the handling union is the employer's union, else the
federation of its territory (routing.handling_org); the due date and reminder come from the city's rules
(TimeLimitRule) over the working calendar (rights/deadlines.py); every step of rights/workflow.py that a
case took is one CaseEvent (create, accept, start_mediation, mediation, end_mediation, note, close,
withdraw, rate, escalate), its status pairs as the table declares them. The acknowledgement window of a
risk report comes from RiskLevelRule; a report left unacknowledged past it carries the sweep's flag.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from unionhall.core.actors import SystemActor
from unionhall.demo.city_cast import Cast, Member, next_id
from unionhall.demo.rights import OUTCOMES, RISK_TEXT, SUMMARIES
from unionhall.orgs.models import OrgLevel
from unionhall.rights.deadlines import Limit, due_at, remind_at
from unionhall.rights.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CaseSource,
    CaseStatus,
    Complexity,
    Mediation,
    MediationResult,
    RiskFollowUp,
    RiskKind,
    RiskLevel,
    RiskLevelRule,
    RiskReport,
    RiskStatus,
    TimeLimitRule,
)
from unionhall.workcalendar.workdays import calendar_between

CASES_PER_MEMBER = 0.0036  # over thirteen months: see the module's docstring
RISKS_PER_MEMBER = 0.0004
HISTORY_DAYS = 395
CATEGORIES = {
    CaseCategory.WAGE_ARREARS: 30,
    CaseCategory.CONTRACT: 12,
    CaseCategory.SOCIAL_INSURANCE: 12,
    CaseCategory.INJURY: 8,
    CaseCategory.DISMISSAL: 10,
    CaseCategory.HOURS: 8,
    CaseCategory.CONSULTATION: 12,
    CaseCategory.SUGGESTION: 2,
    CaseCategory.COMPLAINT: 4,
    CaseCategory.OTHER: 2,
}
COMPLEXITY = {Complexity.GENERAL: 80, Complexity.DIFFICULT: 17, Complexity.SPECIAL: 3}
SOURCES = {CaseSource.HOTLINE: 35, CaseSource.WALK_IN: 20, CaseSource.UNION: 30, CaseSource.PORTAL: 15}
S = CaseStatus
# The status a case stands in by its age in days: (up to this age, {status: weight}).
BY_AGE: list[tuple[int, dict[str, float]]] = [
    (3, {S.RECEIVED: 45, S.IN_PROGRESS: 40, S.MEDIATING: 5, S.CLOSED: 8, S.WITHDRAWN: 2}),
    (20, {S.RECEIVED: 8, S.IN_PROGRESS: 50, S.MEDIATING: 12, S.CLOSED: 26, S.WITHDRAWN: 4}),
    (60, {S.RECEIVED: 1, S.IN_PROGRESS: 16, S.MEDIATING: 10, S.CLOSED: 68, S.WITHDRAWN: 5}),
    (HISTORY_DAYS + 1, {S.IN_PROGRESS: 1.5, S.MEDIATING: 1, S.CLOSED: 91.5, S.WITHDRAWN: 6}),
]
RATINGS = {5: 55, 4: 30, 3: 10, 2: 4, 1: 1}
MEDIATORS = ["街道劳动争议调解委员会 张调解员", "区劳动争议调解中心 李调解员", "区总工会法律服务站 王律师"]
NOTE = "已联系单位人力资源部门了解情况，约定面谈时间。"
SEED = SystemActor("manage.py seed_city")
LEVELS = {RiskLevel.BLUE: 40, RiskLevel.YELLOW: 32, RiskLevel.ORANGE: 18, RiskLevel.RED: 10}
RISK_FOLLOW = ["已约谈企业负责人，督促制定处置方案，每周跟踪。", "会同人社部门现场核查，职工情绪稳定。"]
RISK_CLOSE = "企业已落实职工安置和款项支付，风险化解。"


def _pick(rng: Any, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class CasePlan:
    id: int
    values: dict[str, Any]
    events: list[tuple[Any, ...]] = field(default_factory=list)  # kind, from, to, at, note, org, actor
    mediations: list[tuple[Any, ...]] = field(default_factory=list)


def seed_city_rights(cast: Cast, *, members: list[Member], write: Any) -> dict[str, int]:
    rng, now = cast.rng, cast.now
    limits = {
        (r.category, r.complexity): Limit(r.days, r.working_days, r.remind_before_days)
        for r in TimeLimitRule.objects.all()
    }
    start = timezone.localdate(now) - timedelta(days=HISTORY_DAYS + 5)
    calendar = calendar_between(start - timedelta(days=10), timezone.localdate(now) + timedelta(days=200))
    count = max(1, round(CASES_PER_MEMBER * cast.member_count))
    # Employers weighted by their size for the cases that name no member: a big firm has more requests.
    employer_ids = list(cast.employers)
    cumulative = list(itertools.accumulate(cast.employers[e][3] for e in employer_ids))
    plans = []
    first = next_id(Case)
    for i in range(count):
        received = now - timedelta(seconds=rng.uniform(600, HISTORY_DAYS * 86400))
        member = members[i] if i < len(members) and rng.random() < 0.8 else None
        employer: int | None
        if member is None:
            drawn = bisect.bisect(cumulative, rng.uniform(0, cumulative[-1]))
            employer = employer_ids[min(drawn, len(employer_ids) - 1)]
        else:
            employer = member.employer
        plans.append(_case(cast, first + i, received, member, employer, limits, calendar))
    plans.sort(key=lambda p: p.values["received_at"])
    ids = {p.id: first + k for k, p in enumerate(plans)}  # ids in the order the cases came in
    for p in plans:
        p.id = ids[p.id]
        p.values["no"] = f"WQ{timezone.localtime(p.values['received_at']).year}{p.id:07d}"
    write(Case, CASE_COLUMNS, ([p.id, *(p.values[c] for c in CASE_COLUMNS[1:])] for p in plans))
    events = []
    event_id = next_id(CaseEvent)
    for p in plans:
        for kind, before, after, at, note, org, actor in p.events:
            events.append(
                (event_id, getattr(actor, "pk", None), _name(actor), at, p.id, kind, before, after, note, org)
            )
            event_id += 1
    write(CaseEvent, EVENT_COLUMNS, events)
    mediations = [
        (pk, case, *rest)
        for pk, (case, *rest) in enumerate(((p.id, *m) for p in plans for m in p.mediations), start=next_id(Mediation))
    ]
    write(Mediation, MEDIATION_COLUMNS, mediations)
    status = {s: sum(1 for p in plans if p.values["status"] == s) for s in CaseStatus.values}
    risks = _risks(cast, write=write)
    return {
        "rights_cases": len(plans),
        "rights_cases_open": status[S.RECEIVED] + status[S.IN_PROGRESS] + status[S.MEDIATING],
        "rights_cases_escalated": sum(1 for p in plans if p.values["escalated_at"] is not None),
        "case_events": len(events),
        **risks,
    }


def _name(actor: Any) -> str:
    return actor.get_username() if hasattr(actor, "get_username") else str(actor)


def _case(
    cast: Cast,
    pk: int,
    received: datetime,
    member: Member | None,
    employer: int | None,
    limits: dict[tuple[str, str], Limit],
    calendar: Any,
) -> CasePlan:
    rng, now = cast.rng, cast.now
    category = _pick(rng, CATEGORIES)
    complexity = _pick(rng, COMPLEXITY)
    source = _pick(rng, SOURCES)
    if employer is not None:
        name, territory, union, _ = cast.employers[employer]
        org = union if union is not None else territory  # routing.handling_org
        employer_text = name
    else:  # a platform rider: no employer on record, the case stays with the union that took it in
        assert member is not None
        org, employer_text = member.org, "某外卖平台苏州配送站"
    if source == CaseSource.UNION or employer is None:
        intake = org if cast.units[org].level == OrgLevel.GRASSROOTS else (member.org if member else org)
    elif source == CaseSource.WALK_IN:
        intake = cast.nearest(org, (OrgLevel.TOWN, OrgLevel.DISTRICT, OrgLevel.CITY))
    elif source == CaseSource.HOTLINE:
        intake = cast.nearest(org, (OrgLevel.DISTRICT, OrgLevel.CITY))
    else:  # the worker's portal files at their union
        intake = member.org if member else org
    limit = limits.get((category, complexity)) or limits[("", complexity)]
    age = (now - received).days
    status = _pick(rng, next(w for top, w in BY_AGE if age < top))
    handler = cast.cadre_for(org)
    summary = rng.choice(SUMMARIES[category]).format(n=rng.randint(2, 5))
    group = category == CaseCategory.WAGE_ARREARS and rng.random() < 0.3
    v: dict[str, Any] = {
        "no": "",
        "source": source,
        "category": category,
        "complexity": complexity,
        "org_id": org,
        "employer_id": employer,
        "employer_text": employer_text,
        "person_id": member.person if member else None,
        "intake_org_id": intake,
        "contact_name": member.name if member else f"{rng.choice('王李张刘陈杨黄赵吴周')}师傅",
        "contact_phone": member.phone if member else f"139{rng.randint(10**7, 10**8 - 1)}",
        "worker_count": rng.randint(5, 60) if group else 1,
        "summary": summary,
        "facts": f"{summary}。职工多次向单位反映未果，请求工会帮助协调解决。",
        "status": status,
        "handler_id": None,
        "received_at": received,
        "due_at": due_at(received, limit, calendar),
        "remind_at": remind_at(received, limit, calendar),
        "reminded_at": None,
        "escalated_at": None,
        "escalated_to_id": None,
        "legal_aid": False,
        "outcome": "",
        "wages_recovered_fen": 0,
        "closed_at": None,
        "satisfaction": None,
        "satisfaction_note": "",
        "created_by_id": None,
        "created_at": received,
        "updated_at": received,
    }
    p = CasePlan(pk, v)
    routed = f"由{cast.units[intake].name}登记，按属地转至{cast.units[org].name}办理。" if intake != org else ""
    p.events.append(("create", "", S.RECEIVED, received, routed, org, SEED))
    due = v["due_at"]
    # How long it takes: most cases end within their time limit, one in eight after it.
    limit_span = max((due - received).total_seconds(), 86400)
    late = rng.random() < 0.12
    took = limit_span * (rng.uniform(1.05, 1.8) if late else rng.uniform(0.1, 0.95))
    end = min(received + timedelta(seconds=took), now - timedelta(minutes=30))
    if status == S.RECEIVED:
        end = now
    at = received

    def later(share: float) -> datetime:
        nonlocal at
        at = at + (end - at) * share
        return at

    if status in (S.IN_PROGRESS, S.MEDIATING, S.CLOSED) or (status == S.WITHDRAWN and rng.random() < 0.5):
        v["handler_id"] = handler.pk
        p.events.append(("accept", S.RECEIVED, S.IN_PROGRESS, later(0.1), "", org, handler))
        if rng.random() < 0.6:
            p.events.append(("note", "", "", later(0.2), NOTE, None, handler))
    current = S.IN_PROGRESS if v["handler_id"] else S.RECEIVED
    mediated = status == S.MEDIATING or (
        status == S.CLOSED and category in (CaseCategory.WAGE_ARREARS, CaseCategory.DISMISSAL, CaseCategory.INJURY)
        and rng.random() < 0.35
    )  # fmt: skip
    if mediated:
        p.events.append(("start_mediation", S.IN_PROGRESS, S.MEDIATING, later(0.2), "", org, handler))
        held = later(0.4)
        mediator = rng.choice(MEDIATORS)
        parties = f"职工代表、{employer_text}负责人、工会"
        if status == S.CLOSED:
            amount = rng.randint(8, 120) * 1000_00 if category == CaseCategory.WAGE_ARREARS else 0
            result, agreement = MediationResult.AGREED, "单位承诺十五日内一次性支付全部款项。"
        else:
            amount, result, agreement = 0, rng.choice([MediationResult.ONGOING, MediationResult.PARTIAL]), ""
        day = timezone.localdate(held)
        p.mediations.append((day, mediator, parties, result, agreement, amount, handler.pk, held))
        label = MediationResult(result).label
        money = f"，协议金额 {amount // 100:,} 元" if amount else ""
        p.events.append(("mediation", "", "", held, f"{day:%Y-%m-%d} {mediator}调解：{label}{money}", None, handler))
        current = S.MEDIATING
        if status == S.CLOSED:
            reason = "达成调解协议，进入履行。"
            p.events.append(("end_mediation", S.MEDIATING, S.IN_PROGRESS, later(0.3), reason, org, handler))
            current = S.IN_PROGRESS
    overdue_at = due + timedelta(minutes=rng.randint(2, 15))  # the sweep's next run after the due date
    if status in (S.CLOSED, S.WITHDRAWN):
        closing = end
        if closing > overdue_at:  # still open when it fell due: escalated then, closed later
            _escalate(cast, p, overdue_at)
        v["closed_at"] = closing
        if status == S.WITHDRAWN:
            reason = "职工与单位自行协商解决，申请撤回。"
            actor = handler if v["handler_id"] else cast.cadre_for(org)
            p.events.append(("withdraw", current, S.WITHDRAWN, closing, reason, org, actor))
        else:
            wages = rng.randint(8, 120) * 1000_00 if category == CaseCategory.WAGE_ARREARS else 0
            v["outcome"], v["wages_recovered_fen"] = OUTCOMES[category], wages
            p.events.append(("close", current, S.CLOSED, closing, "", org, handler))
            if rng.random() < 0.7:
                score = _pick(rng, RATINGS)
                note = "工会办事认真负责，感谢！" if score >= 4 else ("处理时间偏长。" if score == 3 else "")
                v["satisfaction"], v["satisfaction_note"] = score, note
                rated = closing + (now - closing) * 0.1
                p.events.append(("rate", "", "", rated, f"{score} 星" + (f"：{note}" if note else ""), None, handler))
        v["updated_at"] = p.events[-1][3]
    else:
        if v["remind_at"] <= now < due:
            v["reminded_at"] = v["remind_at"] + timedelta(minutes=rng.randint(2, 15))
        elif due < now:
            v["reminded_at"] = v["remind_at"] + timedelta(minutes=rng.randint(2, 15))
            _escalate(cast, p, overdue_at)
        v["updated_at"] = max(e[3] for e in p.events)
    p.events.sort(key=lambda e: e[3])
    return p


def _escalate(cast: Cast, p: CasePlan, at: datetime) -> None:
    """督办, as sweep._escalate records it: the upper federation, the time, one history line."""
    v = p.values
    upper = cast.upper_federation(v["org_id"])
    v["escalated_at"], v["escalated_to_id"] = at, upper
    due = timezone.localtime(v["due_at"])
    note = f"超过办理期限（{due:%Y-%m-%d}），已报{cast.units[upper].name}督办。"
    p.events.append(("escalate", "", "", at, note, upper, SystemActor("rights.deadline_sweep")))


# --- risk reports ------------------------------------------------------------------------------------


def _risks(cast: Cast, *, write: Any) -> dict[str, int]:
    rng, now = cast.rng, cast.now
    hours = dict(RiskLevelRule.objects.values_list("level", "ack_hours"))
    unions = [u for u in cast.units.values() if u.level == OrgLevel.GRASSROOTS]
    covered: dict[int, list[int]] = {}
    for pk, (_, _, covering, _) in cast.employers.items():
        if covering is not None:
            covered.setdefault(covering, []).append(pk)
    count = max(2, round(RISKS_PER_MEMBER * cast.member_count))
    rows, follow_ups = [], []
    first, follow_id = next_id(RiskReport), next_id(RiskFollowUp)
    times = sorted(now - timedelta(seconds=rng.uniform(600, 365 * 86400)) for _ in range(count))
    for k, reported in enumerate(times):
        pk = first + k
        union = rng.choice(unions)
        kind = _pick(rng, dict.fromkeys(RiskKind.values, 1))
        level = _pick(rng, LEVELS)
        age = (now - reported).days
        if k >= count - 2:  # the latest two: an orange and a red one still open, for the joint meeting's agenda
            level, age = (RiskLevel.ORANGE, RiskLevel.RED)[count - 1 - k], 0
            status = RiskStatus.REPORTED if level == RiskLevel.RED else RiskStatus.FOLLOWING
        elif age > 30:
            status = _pick(rng, {RiskStatus.CLOSED: 85, RiskStatus.FOLLOWING: 12, RiskStatus.ACKNOWLEDGED: 3})
        elif age > 3:
            status = _pick(
                rng,
                {RiskStatus.FOLLOWING: 50, RiskStatus.ACKNOWLEDGED: 25, RiskStatus.CLOSED: 15, RiskStatus.REPORTED: 10},
            )
        else:
            status = _pick(rng, {RiskStatus.REPORTED: 50, RiskStatus.ACKNOWLEDGED: 35, RiskStatus.FOLLOWING: 15})
        ack_due = reported + timedelta(hours=hours[level])
        upper = cast.cadre_for(cast.upper_federation(union.id))
        acknowledged = acknowledged_by = overdue = closed = None
        resolution = ""
        end = now - timedelta(minutes=5)
        if status == RiskStatus.REPORTED:
            if ack_due < now:
                overdue = ack_due + timedelta(minutes=rng.randint(2, 15))
        else:
            window = ack_due - reported
            acknowledged = min(end, reported + window * (rng.uniform(1.1, 2.5) if rng.random() < 0.1 else rng.random()))
            acknowledged_by = upper.pk
            if acknowledged > ack_due:  # the sweep flagged it before it was signed for
                overdue = ack_due + timedelta(minutes=rng.randint(2, 15))
        if status in (RiskStatus.FOLLOWING, RiskStatus.CLOSED):
            assert acknowledged is not None
            notes = rng.randint(1, 3)
            step = (end - acknowledged) / (notes + 2)
            for n in range(notes):
                at = acknowledged + step * (n + 1)
                follow_ups.append((follow_id, pk, rng.choice(RISK_FOLLOW), upper.pk, at))
                follow_id += 1
            if status == RiskStatus.CLOSED:
                closed, resolution = acknowledged + step * (notes + 1), RISK_CLOSE
        employers: list[int | None] = [*covered.get(union.id, [])] or [None]
        rows.append(
            (
                pk,
                f"YJ{timezone.localtime(reported).year}{pk:06d}",
                union.id,
                rng.choice(employers),
                kind,
                level,
                rng.randint(10, 300),
                rng.randint(5, 80) * 10000_00 if kind in (RiskKind.ARREARS, RiskKind.PETITION) else 0,
                RISK_TEXT[kind],
                status,
                None,
                reported,
                ack_due,
                acknowledged,
                acknowledged_by,
                overdue,
                closed,
                resolution,
            )
        )
    write(RiskReport, RISK_COLUMNS, rows)
    write(RiskFollowUp, ["id", "report_id", "note", "by_id", "at"], follow_ups)
    return {
        "risk_reports": len(rows),
        "risk_reports_open_orange_red": sum(
            1 for r in rows if r[9] != RiskStatus.CLOSED and r[5] in (RiskLevel.ORANGE, RiskLevel.RED)
        ),
    }


CASE_COLUMNS = [
    "id", "no", "source", "category", "complexity", "org_id", "employer_id", "employer_text", "person_id",
    "intake_org_id", "contact_name", "contact_phone", "worker_count", "summary", "facts", "status", "handler_id",
    "received_at", "due_at", "remind_at", "reminded_at", "escalated_at", "escalated_to_id", "legal_aid", "outcome",
    "wages_recovered_fen", "closed_at", "satisfaction", "satisfaction_note", "created_by_id", "created_at",
    "updated_at",
]  # fmt: skip
EVENT_COLUMNS = ["id", "actor_id", "actor_name", "at", "case_id", "kind", "from_status", "to_status", "note", "org_id"]
MEDIATION_COLUMNS = [
    "id", "case_id", "held_on", "mediator", "parties", "result", "agreement", "amount_fen", "recorded_by_id",
    "recorded_at",
]  # fmt: skip
RISK_COLUMNS = [
    "id", "no", "org_id", "employer_id", "kind", "level", "affected_count", "amount_fen", "description", "status",
    "reported_by_id", "reported_at", "ack_due_at", "acknowledged_at", "acknowledged_by_id", "ack_overdue_at",
    "closed_at", "resolution",
]  # fmt: skip
