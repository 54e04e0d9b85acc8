"""The demo city's rights protection (issue 6): forty cases in 姑苏区 in every status and category, and
eight risk reports at every level and status.

Everything goes through the services, acted by the demo logins whose roles allow each step (the chair of
SZ-GS-01-E01 handles her union's cases, the street cadre the street's, the district cadre the rest; the
information officer files her union's risk reports), inside seed_demo's one audited action. Due dates come
from the city's time-limit rules over the working calendar (the State Council's holidays, from the
`chinesecalendar` package). Only the calendar is bent: a case the demo wants
received months ago is taken in with that date (the service's `received_at`), and its history, closing date
and risk-report clock are then back-dated, so the trends spread over the year and some cases are overdue.
Last, the deadline sweep runs once, as it would every few minutes: overdue cases are escalated (督办), cases
due soon reminded, and a risk report left unacknowledged is flagged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.actors import SystemActor
from unionhall.members.models import Membership, MembershipStatus, Person
from unionhall.orgs.models import Employer, OrgLevel, OrgUnit, path_chain
from unionhall.rights import risk_services, routing, services
from unionhall.rights.models import (
    Case,
    CaseEvent,
    CaseSource,
    CaseStatus,
    MediationResult,
    RiskReport,
)
from unionhall.rights.sweep import deadline_sweep

DISTRICT = "SZ-GS"
HOME_DISTRICT = "320508"  # 姑苏区's division code
TOWN = "SZ-GS-01"
CHAIR_UNION = "SZ-GS-01-E01"
PLATFORM_UNION = "SZ-GS-X01"
OTHER_DISTRICT = "SZ-WZ"  # the home-place union when no member of the register has a home place in the tree
PARTNER = ("四川省广安市总工会", "权益保障部 刘部长")

SUMMARIES = {
    "wage_arrears": ["拖欠{n}个月工资", "项目完工后劳务费迟迟未结", "年底工资只发了一半", "公司停产后工资未结清"],
    "contract": ["入职半年未签劳动合同", "合同到期不续签也不补偿", "单方面变更工作岗位和薪酬"],
    "social_insurance": ["单位未缴纳社会保险", "社保按最低基数缴纳", "离职后社保未及时转移"],
    "injury": ["工伤认定申请单位不配合", "工伤医疗费用报销受阻", "工伤停工留薪期工资未发"],
    "dismissal": ["无故被辞退未给经济补偿", "孕期被要求主动离职", "试用期被随意解除"],
    "hours": ["长期加班不支付加班费", "春节值班未安排补休", "每天工作超过十二小时"],
    "consultation": ["咨询带薪年休假规定", "咨询劳务派遣同工同酬", "咨询退休年龄和待遇"],
    "suggestion": ["建议车间增设防暑降温设施", "建议开设职工夜校"],
    "complaint": ["投诉食堂饭菜质量差价格高", "投诉班组长辱骂职工"],
    "other": ["宿舍漏水多次反映未解决", "要求单位开具收入证明被拒"],
}
OUTCOMES = {
    "wage_arrears": "经工会协调，单位已结清拖欠工资。",
    "contract": "单位已与职工补签劳动合同。",
    "social_insurance": "单位已为职工补缴社会保险。",
    "injury": "协助职工完成工伤认定，医疗费用已报销。",
    "dismissal": "单位支付经济补偿，双方协商解除劳动合同。",
    "hours": "单位已支付加班费并调整排班。",
    "consultation": "已当面解答并提供政策文件。",
    "suggestion": "建议已转交单位并获采纳。",
    "complaint": "单位已整改并向职工道歉。",
    "other": "问题已解决，职工表示认可。",
}


@dataclass(frozen=True)
class Spec:
    """One demo case: what it is about, where it ends up, how long ago it came in and what happened."""

    category: str
    target: str
    days_ago: int
    took: int = 0  # days from receipt to closing or withdrawal
    complexity: str = "general"
    rating: int | None = None
    mediated: bool = False
    legal_aid: bool = False
    share: str = ""  # "unit": the worker's home-place union; "partner": a union outside the city
    transfer: bool = False
    platform: bool = False  # a rider of the platform-workers' union, no employer on record


C, IP, M, R, W = CaseStatus.CLOSED, CaseStatus.IN_PROGRESS, CaseStatus.MEDIATING, CaseStatus.RECEIVED, "withdrawn"
SPECS = [
    Spec("wage_arrears", C, 330, 12, rating=5, mediated=True),
    Spec("wage_arrears", C, 300, 9, rating=4),
    Spec("contract", C, 280, 14, rating=5),
    Spec("social_insurance", C, 250, 18, rating=4),
    Spec("injury", C, 240, 26, "difficult", rating=3, legal_aid=True),
    Spec("wage_arrears", C, 210, 18, "difficult", rating=5, mediated=True),
    Spec("dismissal", C, 190, 11, rating=2),
    Spec("hours", C, 160, 8, rating=5),
    Spec("consultation", C, 140, 2, rating=5),
    Spec("wage_arrears", C, 120, 10, rating=4, share="unit"),
    Spec("complaint", C, 100, 6),
    Spec("wage_arrears", C, 90, 35, "special", rating=4, mediated=True, share="partner"),
    Spec("suggestion", C, 60, 5, rating=5),
    Spec("wage_arrears", C, 45, 9),
    Spec("other", W, 150, 4),
    Spec("contract", W, 70, 3),
    Spec("consultation", W, 12, 1),
    Spec("wage_arrears", R, 40),  # nobody took it in time: overdue
    Spec("social_insurance", IP, 35),  # overdue
    Spec("wage_arrears", M, 70, complexity="difficult", mediated=True),  # overdue, still in mediation
    Spec("injury", IP, 95, complexity="special", legal_aid=True),  # overdue
    Spec("wage_arrears", IP, 11),  # due in a few days: reminded
    Spec("contract", C, 130, 12, rating=5),
    Spec("dismissal", M, 20, complexity="difficult", mediated=True, share="unit"),
    Spec("wage_arrears", M, 6, mediated=True, share="unit"),
    Spec("hours", IP, 5, platform=True),
    Spec("complaint", R, 2),
    Spec("suggestion", C, 50, 4, rating=5),
    Spec("consultation", R, 0),
    Spec("other", C, 200, 6, rating=4),
    Spec("wage_arrears", R, 1),
    Spec("social_insurance", IP, 25, complexity="difficult", platform=True),
    Spec("injury", IP, 40, complexity="difficult"),  # due within days: reminded
    Spec("wage_arrears", IP, 4, transfer=True),
    Spec("contract", C, 170, 13, rating=4),
    Spec("dismissal", C, 230, 20, rating=3),
    Spec("wage_arrears", IP, 15, complexity="difficult"),
    Spec("hours", C, 30, 7, rating=4),
    Spec("complaint", C, 265, 5),
    Spec("social_insurance", C, 75, 16, rating=3),
]

# (reporting unit: "chair" = the chair's union, "town", "other", "platform"; kind; level; target status)
RISKS = [
    ("chair", "arrears", "red", "late"),  # left unacknowledged past its two hours: flagged by the sweep
    ("chair", "layoff", "orange", "acknowledged"),
    ("town", "relocation", "yellow", "following"),
    ("chair", "other", "blue", "closed"),
    ("other", "petition", "orange", "reported"),
    ("other", "stoppage", "red", "following"),
    ("platform", "closure", "yellow", "closed"),
    ("town", "arrears", "blue", "reported"),
]
RISK_TEXT = {
    "arrears": "连续两个月工资推迟发放，车间职工议论较多，有集体讨薪苗头。",
    "layoff": "公司订单下滑，计划裁减生产线员工约三十人，方案尚未与工会协商。",
    "relocation": "公司拟于年内整体搬迁至外省，职工安置方案未公布。",
    "other": "食堂承包商更换，部分职工对伙食补贴调整有意见。",
    "petition": "二十余名职工酝酿到区政府集体反映社保欠缴问题。",
    "stoppage": "因加班费计算方式争议，一个班组已出现消极怠工。",
    "closure": "配送站点拟关停合并，骑手担心押金和未结算运费。",
}


@dataclass
class Cast:
    """Who acts where: the demo logins and the units and employers of the district."""

    admin: User
    district_cadre: User
    town_cadre: User
    chair: User
    info: User
    district: OrgUnit
    town: OrgUnit
    union: OrgUnit
    platform: OrgUnit

    def handler_for(self, org: OrgUnit) -> User:
        if org.path.startswith(self.union.path):
            return self.chair
        if org.path.startswith(self.town.path):
            return self.town_cadre
        return self.district_cadre


def _user(name: str) -> User:
    return User.objects.get(username=name)


def seed_rights(*, rng: random.Random) -> dict[str, int]:
    """Cases and risk reports of the demo district; does nothing when cases are already there."""
    if Case.objects.exists():
        return {"rights_cases": Case.objects.count(), "risk_reports": RiskReport.objects.count()}
    system = SystemActor("manage.py seed_demo")
    cast = Cast(
        admin=_user("admin_city"),
        district_cadre=_user("cadre_gusu"),
        town_cadre=_user("cadre_town"),
        chair=_user("chair_demo"),
        info=_user("info_demo"),
        district=OrgUnit.objects.get(code=DISTRICT),
        town=OrgUnit.objects.get(code=TOWN),
        union=OrgUnit.objects.get(code=CHAIR_UNION),
        platform=OrgUnit.objects.get(code=PLATFORM_UNION),
    )
    now = timezone.now()
    employers = list(Employer.objects.filter(org__path__startswith=cast.district.path).order_by("id"))
    members = list(
        Membership.objects.filter(org__path__startswith=cast.district.path, status=MembershipStatus.ACTIVE)
        .select_related("person", "org", "employer")
        .order_by("id")
    )
    for i, spec in enumerate(SPECS):
        _case(cast, spec, i, rng=rng, now=now, employers=employers, members=members)
    risks = [_risk(cast, *row, rng=rng, employers=employers, now=now) for row in RISKS]
    sweep = deadline_sweep(actor=system)
    return {
        "rights_cases": len(SPECS),
        "rights_overdue": sweep.escalated,
        "risk_reports": len(risks),
    }


# --- cases ----------------------------------------------------------------------------------------


def _pick_employer(cast: Cast, spec: Spec, i: int, rng: random.Random, employers: list[Employer]) -> Employer:
    """A quarter of the cases at the chair's union, a quarter elsewhere in her street, half in the district;
    the case the demo transfers starts at the chair's union and goes to her street."""
    union = [e for e in employers if e.union_id == cast.union.pk]
    street = [e for e in employers if e.org.path.startswith(cast.town.path) and e.union_id != cast.union.pk]
    rest = [e for e in employers if not e.org.path.startswith(cast.town.path)]
    pool = (union if spec.transfer else (union, street, rest, rest)[i % 4]) or employers
    return rng.choice(pool)


def _pick_person(
    employer: Employer | None, org: OrgUnit | None, rng: random.Random, members: list[Membership]
) -> Person | None:
    """A member working for the employer (or in the union) when the register has one."""
    mine = [
        m
        for m in members
        if (employer is not None and m.employer_id == employer.pk) or m.org_id == getattr(org, "pk", None)
    ]
    return rng.choice(mine).person if mine else None


def _intake(cast: Cast, spec: Spec, employer: Employer | None, i: int) -> tuple[User, OrgUnit, str]:
    """Where the request came in: the 12351 hotline at the district, a walk-in at the street, or the union."""
    if spec.platform:
        return cast.district_cadre, cast.platform, CaseSource.UNION
    if employer is not None and employer.union_id == cast.union.pk and i % 3 == 0:
        return cast.chair, cast.union, CaseSource.UNION
    if i % 3 == 1 and employer is not None and employer.org.path.startswith(cast.town.path):
        return cast.town_cadre, cast.town, CaseSource.WALK_IN
    return cast.district_cadre, cast.district, CaseSource.HOTLINE


def _case(
    cast: Cast,
    spec: Spec,
    i: int,
    *,
    rng: random.Random,
    now: datetime,
    employers: list[Employer],
    members: list[Membership],
) -> Case:
    employer = None if spec.platform else _pick_employer(cast, spec, i, rng, employers)
    person = _pick_person(employer, cast.platform if spec.platform else None, rng, members)
    sharing = _sharing_member(spec, members, rng)
    if sharing is not None:  # a two-way case starts from the worker: their employer decides the handling union
        person, employer = sharing.person, sharing.employer
    actor, intake_org, source = _intake(cast, spec, employer, i)
    received = now - timedelta(days=spec.days_ago, hours=rng.randint(0, 6), minutes=rng.randint(0, 59))
    group = spec.category == "wage_arrears" and i % 2 == 0
    summary = rng.choice(SUMMARIES[spec.category]).format(n=rng.randint(2, 5))
    data = services.CaseIntake(
        category=spec.category,
        complexity=spec.complexity,
        source=source,
        summary=summary,
        contact_name=person.name if person else f"{rng.choice('王李张刘陈杨黄赵吴周')}师傅",
        contact_phone=person.phone if person and person.phone else f"139{rng.randint(10**7, 10**8 - 1)}",
        employer=employer,
        employer_text="" if employer else "某外卖平台苏州姑苏配送站",
        worker_count=rng.randint(5, 40) if group or spec.share == "partner" else 1,
        facts=f"{summary}。职工多次向单位反映未果，请求工会帮助协调解决。",
        person=person,
    )
    case = services.case_create(actor=actor, intake_org=intake_org, data=data, received_at=received)
    handler = cast.handler_for(case.org)
    if spec.target == W:
        case = services.case_withdraw(actor=handler, case=case, reason="职工与单位自行协商解决，申请撤回。")
        return _backdate(case, received, received + timedelta(days=spec.took))
    if spec.target == R:
        return _backdate(case, received, now)
    case = services.case_accept(actor=handler, case=case)
    if spec.transfer:
        case = services.case_transfer(
            actor=handler, case=case, to_org=cast.town, reason="涉及多家劳务分包单位，需街道总工会统一协调。"
        )
        handler = cast.handler_for(cast.town)
        case = services.case_assign(actor=handler, case=case, handler=handler)
    if spec.share:
        _share(cast, case, handler, spec)
    if spec.legal_aid:
        case = services.case_legal_aid_refer(
            actor=handler, case=case, note="已转介区法律援助中心，指派律师代理工伤认定及赔偿事宜。"
        )
    services.case_note_add(actor=handler, case=case, note="已联系单位人力资源部门了解情况，约定面谈时间。")
    end = received + timedelta(days=spec.took) if spec.target == C else now
    if spec.mediated:
        case = _mediate(case, handler, spec, received, end, rng=rng)
    if spec.target == C:
        wages = rng.randint(8, 120) * 1000_00 if spec.category == "wage_arrears" else 0
        case = services.case_close(actor=handler, case=case, outcome=OUTCOMES[spec.category], wages_recovered=wages)
        if spec.rating is not None:
            note = "工会办事认真负责，感谢！" if spec.rating >= 4 else ("处理时间偏长。" if spec.rating == 3 else "")
            case = services.case_rate(actor=handler, case=case, satisfaction=spec.rating, note=note)
    return _backdate(case, received, min(end, now))


STREET_MEDIATOR = "街道劳动争议调解委员会 张调解员"
DISTRICT_MEDIATOR = "区劳动争议调解中心 李调解员"


def _mediate(case: Case, handler: User, spec: Spec, received: datetime, end: datetime, *, rng: random.Random) -> Case:
    case = services.case_start_mediation(actor=handler, case=case)
    held = min(timezone.localdate(received + (end - received) * 2 / 3), timezone.localdate())
    # Every session the demo records sits with the same parties.
    session = partial(
        services.mediation_record,
        actor=handler,
        case=case,
        parties=f"职工代表、{case.employer_text or '用人单位'}负责人、工会",
    )
    if spec.target == C:
        amount = rng.randint(8, 120) * 1000_00 if spec.category == "wage_arrears" else 0
        agreement = "单位承诺十五日内一次性支付全部款项。"
        session(
            held_on=held, mediator=STREET_MEDIATOR, result=MediationResult.AGREED, agreement=agreement, amount=amount
        )
        return services.case_end_mediation(actor=handler, case=case, reason="达成调解协议，进入履行。")
    if spec.days_ago > 30:
        session(
            held_on=timezone.localdate(received + timedelta(days=10)),
            mediator=DISTRICT_MEDIATOR,
            result=MediationResult.FAILED,
        )
    session(held_on=held, mediator=DISTRICT_MEDIATOR, result=MediationResult.ONGOING)
    return case


def _sharing_member(spec: Spec, members: list[Membership], rng: random.Random) -> Membership | None:
    """The worker of a two-way case: a migrant (from Sichuan when the register has one) for the partner
    union outside the city, or a worker whose home place is another district of the city."""
    at_work = [m for m in members if m.employer_id is not None]
    if spec.share == "partner":
        migrants = [m for m in at_work if m.person.is_migrant]
        sichuan = [m for m in migrants if m.person.reveal_id_number().startswith("51")]
        pool = sichuan or migrants
        return rng.choice(pool) if pool else None
    if spec.share == "unit":
        # Division codes of the city's territorial federations outside 姑苏 (a worker's 户籍地 at 村, 乡镇 or
        # 县区 level falls under one of them by its first 6, 9 or 12 digits).
        homes = set(
            OrgUnit.objects.filter(level__in=(OrgLevel.DISTRICT, OrgLevel.TOWN), division__isnull=False)
            .exclude(code__startswith=DISTRICT)
            .values_list("division_id", flat=True)
        )
        elsewhere = [
            m
            for m in at_work
            if (code := m.person.hukou_division_id)
            and not code.startswith(HOME_DISTRICT)
            and any(code[:n].ljust(12, "0") in homes for n in (6, 9, 12))
        ]
        return rng.choice(elsewhere) if elsewhere else None
    return None


def _home_units(person: Person | None, org: OrgUnit) -> list[OrgUnit]:
    """The territorial federations of the worker's home place, other than those above the case's union."""
    code = getattr(person, "hukou_division_id", None)
    if not code or code.startswith(HOME_DISTRICT):  # a 姑苏 worker's home place is above the case already
        return []
    above = set(path_chain(org.path))
    return [
        u
        for u in routing.home_place_units(person)
        if u.path not in above and u.level in (OrgLevel.DISTRICT, OrgLevel.TOWN)  # territorial, not an industry
    ]


def _share(cast: Cast, case: Case, handler: User, spec: Spec) -> None:
    """双向维权: with the worker's home-place union in the tree, or with the partner union outside the city."""
    if spec.share == "partner":
        services.case_share(actor=handler, case=case, partner_name=PARTNER[0], partner_contact=PARTNER[1])
        return
    homes = _home_units(case.person, case.org)
    home = homes[0] if homes else OrgUnit.objects.get(code=OTHER_DISTRICT)
    services.case_share(actor=handler, case=case, org=home)


def _backdate(case: Case, received: datetime, end: datetime) -> Case:
    """Spread the case's history between its receipt and its end; a closed case closes at its end."""
    events = list(CaseEvent.objects.filter(case=case).order_by("id").values_list("id", flat=True))
    step = (end - received) / max(len(events) - 1, 1)
    for k, pk in enumerate(events):
        CaseEvent.objects.filter(pk=pk).update(at=received + step * k)
    if case.status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
        Case.objects.filter(pk=case.pk).update(closed_at=end)
    case.refresh_from_db()
    return case


# --- risk reports ---------------------------------------------------------------------------------


def _risk(
    cast: Cast,
    where: str,
    kind: str,
    level: str,
    target: str,
    *,
    rng: random.Random,
    employers: list[Employer],
    now: datetime,
) -> RiskReport:
    if where == "chair":
        org, filer, upper = cast.union, cast.info, cast.town_cadre
    elif where == "town":
        choices = [
            e for e in employers if e.org.path.startswith(cast.town.path) and e.union_id not in (None, cast.union.pk)
        ]
        employer = rng.choice(choices) if choices else None
        org = employer.union if employer is not None and employer.union is not None else cast.town
        filer, upper = cast.town_cadre, cast.town_cadre
    elif where == "platform":
        org, filer, upper = cast.platform, cast.district_cadre, cast.district_cadre
    else:
        choices = [e for e in employers if not e.org.path.startswith(cast.town.path) and e.union is not None]
        employer = rng.choice(choices) if choices else None
        org = employer.union if employer is not None and employer.union is not None else cast.district
        filer, upper = cast.district_cadre, cast.district_cadre
    covered = [e for e in employers if e.union_id == org.pk]
    report = risk_services.risk_report_file(
        actor=filer,
        org=org,
        kind=kind,
        level=level,
        description=RISK_TEXT[kind],
        employer=covered[0] if covered else None,
        affected_count=rng.randint(10, 120),
        amount=rng.randint(5, 80) * 10000_00 if kind in ("arrears", "petition") else 0,
    )
    if target == "late":
        # Filed five hours ago: the red window of two hours has passed with nobody signing for it.
        reported = now - timedelta(hours=5)
        RiskReport.objects.filter(pk=report.pk).update(
            reported_at=reported, ack_due_at=reported + (report.ack_due_at - report.reported_at)
        )
        return report
    if target == "reported":
        return report
    report = risk_services.risk_acknowledge(actor=upper, report=report)
    if target == "acknowledged":
        return report
    risk_services.risk_follow_up(actor=upper, report=report, note="已约谈企业负责人，督促制定处置方案，每周跟踪。")
    if target == "following":
        return report
    return risk_services.risk_close(actor=upper, report=report, resolution="企业已落实职工安置和款项支付，风险化解。")
