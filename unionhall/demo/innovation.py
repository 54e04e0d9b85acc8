"""The demo's worker innovation: proposals of 陈静's union (SZ-GS-01-E01) filed by the chair for its members,
one of them a reworded copy of another (flagged as a near-duplicate), and worker_demo's own from /me/; a
review panel of 姑苏区 with three reviewers from outside the union (吴中区's cadre, the city's reviewer, the city
admin), which scored two submissions; one adopted (graded 二等奖 from its panel result), implemented and its
benefit verified with a PDF; a patent recorded against it. The innovation reward fund with this year's budget
at the city and at 姑苏区 (seed_innovation_money, shared with seed_city), the city's grade lines, and the
verified submission's reward proposed by 姑苏区's cadre: another person (admin_city) approves it and records
its payment in `make run`. Acted through the services, so every step is audited like a real one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from unionhall.accounts.models import User
from unionhall.funds import services as funds
from unionhall.funds.models import Budget
from unionhall.innovation import reward_services, services
from unionhall.innovation.models import Grade, InnovationSettings, Kind, RewardBasis, Submission
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs.models import OrgUnit
from unionhall.panels import services as panels
from unionhall.panels.models import PanelSubject
from unionhall.worker_portal.models import WorkerProfile

PROPOSALS = [
    (
        Kind.INNOVATION,
        "数控车床刀具寿命提升",
        "通过优化切削参数和采用涂层刀片，降低刀具磨损，延长刀具使用寿命，每年节约刀具费用约十万元。",
        10_000_000,
    ),
    (
        Kind.SMALL_INVENTION,
        "铣床夹具快速换型装置",
        "设计一面两销定位的快换夹具底板，更换产品时只需松开两个螺栓，换型时间由四十分钟缩短到五分钟。",
        4_000_000,
    ),
    (
        Kind.RATIONALIZATION,
        "车间冷却液循环过滤改造",
        "增加磁性分离器和纸带过滤机，去除冷却液中的铁屑和油污，减少冷却液更换次数，改善车间环境。",
        2_000_000,
    ),
    (
        Kind.SMALL_SUGGESTION,
        "提升数控车床刀具使用寿命",
        "采用涂层刀片并优化切削参数，减少刀具磨损，延长寿命，预计每年节省刀具费用十万元左右。",
        None,
    ),
]


# The city's grade lines of the 奖励办法 (yuan), beside the benefit tiers seeded by migration 0005.
CITY_BUDGET_FEN = 1_000_000_00  # 100 万元 a year for the city
GRADE_AMOUNTS = ((Grade.FIRST, 10_000), (Grade.SECOND, 5_000), (Grade.THIRD, 2_000), (Grade.MERIT, 500))


def seed_innovation_money(*, admin: User, districts: list[OrgUnit], year: int) -> dict[str, Any]:
    """The innovation reward fund (the code InnovationSettings names), this year's budget at the city with an
    allocation to each district given, and the city's grade lines. Used by seed_demo and seed_city."""
    fund = funds.fund_create(actor=admin, code=InnovationSettings.current().fund_code, name="职工创新奖励资金")
    root = funds.budget_create(actor=admin, fund=fund, year=year, amount_fen=CITY_BUDGET_FEN)
    share = min(200_000_00, CITY_BUDGET_FEN // (len(districts) + 1))
    for district in districts:
        funds.budget_allocate(actor=admin, parent=root, org=district, amount_fen=share)
    for grade, yuan in GRADE_AMOUNTS:
        reward_services.reward_rule_save(actor=admin, basis=RewardBasis.GRADE, grade=grade, amount_fen=yuan * 100)
    return {"innovation_budgets": Budget.objects.filter(fund=fund).count()}


def seed_innovation() -> dict[str, Any]:
    gusu = OrgUnit.objects.get(code="SZ-GS")
    cadre = User.objects.get(username="cadre_gusu")
    # The chair's union; in a small demo, the street's union with the most members (filed by the street's cadre).
    union = OrgUnit.objects.get(code="SZ-GS-01-E01")
    chair = User.objects.get(username="chair_demo")
    if Membership.objects.filter(org=union, status__in=OPEN_STATUSES).count() < 3:
        street = OrgUnit.objects.get(code="SZ-GS-01")
        largest = (
            Membership.objects.filter(
                org__path__startswith=street.path, org__level="grassroots", status__in=OPEN_STATUSES
            )
            .values("org")
            .annotate(n=Count("id"))
            .order_by("-n", "org")
            .first()
        )
        if largest is None or largest["n"] < 3:
            return {"innovation_submissions": 0}
        union = OrgUnit.objects.get(pk=largest["org"])
        chair = User.objects.get(username="cadre_town")
    people = [
        m.person for m in Membership.objects.filter(org=union, status__in=OPEN_STATUSES).select_related("person")[:6]
    ]
    filed: list[Submission] = []
    for n, (kind, title, content, expected) in enumerate(PROPOSALS):
        team = people[n % 3 : n % 3 + (2 if n == 1 else 1)]
        filed.append(
            services.submission_file(
                actor=chair,
                org=union,
                kind=kind,
                title=title,
                content=content,
                members=team,
                expected_benefit_fen=expected,
            )
        )
    worker = User.objects.get(username="worker_demo")
    if WorkerProfile.objects.filter(user=worker).exists():
        filed.append(
            services.submission_file_mine(
                actor=worker,
                kind=Kind.SMALL_SUGGESTION,
                title="更衣室储物柜加装编号锁",
                content="更衣室储物柜没有编号，职工经常找错柜子。建议统一编号并加装密码锁，方便职工存放物品。",
            )
        )
    panel = panels.panel_create(
        actor=cadre,
        org=gusu,
        title="姑苏区职工经济技术创新成果评审",
        kind="innovation_submission",
        criteria=[
            panels.CriterionIn("创新性", 30, 10),
            panels.CriterionIn("实用性", 30, 10),
            panels.CriterionIn("经济效益", 40, 10),
        ],
    )
    reviewers = [User.objects.get(username=u) for u in ("cadre_wuzhong", "reviewer_city", "admin_city")]
    for reviewer in reviewers:
        panels.panel_member_add(actor=cadre, panel=panel, user=reviewer)
    first, second = filed[0], filed[1]
    for s in (first, second):
        services.submission_review(actor=cadre, submission=s, panel=panel)
    criteria = list(panel.criteria.all())
    marks = {first.pk: [(9, 8, 9), (8, 9, 9), (9, 9, 8)], second.pk: [(7, 8, 6), (8, 7, 7)]}
    for s in (first, second):
        subject = PanelSubject.objects.get(panel=panel, ref=s.pk)
        for reviewer, values in zip(reviewers, marks[s.pk], strict=False):
            panels.panel_score(
                actor=reviewer, subject=subject, values={c.pk: v for c, v in zip(criteria, values, strict=True)}
            )
    services.submission_adopt(actor=cadre, submission=first, reason="评审得分高，效益明显，予以采纳。")
    services.submission_implement(actor=chair, submission=first, reason="已在一车间全面推广。")
    evidence = SimpleUploadedFile("创效核算表.pdf", b"%PDF-1.4\n% demo benefit sheet\n", content_type="application/pdf")
    services.submission_verify_benefit(actor=cadre, submission=first, benefit_fen=12_500_000, upload=evidence)
    services.patent_record(
        actor=chair,
        org=union,
        kind="utility",
        number="ZL202520345678.9",
        title="一种数控车床刀具涂层夹持装置",
        filed_on=dt.date(2025, 3, 18),
        granted_on=dt.date(2025, 11, 4),
        holders="姑苏区演示企业",
        submission=first,
        person=people[0],
    )
    from django.utils import timezone

    admin = User.objects.get(username="admin_city")
    money = seed_innovation_money(admin=admin, districts=[gusu], year=timezone.localdate().year)
    budget = Budget.objects.get(fund__code=InnovationSettings.current().fund_code, org=gusu)
    first.refresh_from_db()
    reward = reward_services.reward_propose(actor=cadre, submission=first, budget=budget)
    return {
        **money,
        "innovation_rewards": 1 if reward.pk else 0,
        "innovation_submissions": len(filed),
        "innovation_flagged": Submission.objects.filter(flagged=True).count(),
        "panel_scores": sum(len(v) for v in marks.values()),
    }
