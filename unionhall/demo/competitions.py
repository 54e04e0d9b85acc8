"""The demo city's labour competitions (劳动竞赛): 姑苏区 runs this year's 重点工程劳动竞赛 among the first
grassroots unions of 姑苏区's first street (the chair's union among them), in two half-years. The first half's
results are verified, so the ranking has an order; in the second half two results wait for verification (the
cadre's 待办) and one was returned with a reason. Last year's 节能减排 competition is finished, with its
commendation. All through the services, acted by the district's cadre and the unions' chair, inside
seed_demo's one audited action; values are worked out from each union's place, not drawn, so the seed's random
draws are unchanged."""

from __future__ import annotations

from datetime import date

from unionhall.accounts.models import User
from unionhall.competitions import services
from unionhall.competitions.models import Competition, Kind
from unionhall.core.actors import SystemActor
from unionhall.orgs.models import OrgLevel, OrgUnit

KEY_PROJECT = [
    {"code": "JD", "name": "工程进度完成率", "weight": "40", "target": "100", "unit": "%"},
    {"code": "ZL", "name": "质量一次验收合格率", "weight": "25", "target": "98", "unit": "%", "method": "threshold"},
    {"code": "AQ", "name": "安全事故", "weight": "20", "target": "1", "unit": "起", "direction": "lower",
     "method": "threshold"},
    {"code": "CX", "name": "合理化建议采纳数", "weight": "15", "target": "10", "unit": "条", "method": "rank"},
]  # fmt: skip
ENERGY = [
    {"code": "NH", "name": "万元产值综合能耗", "weight": "60", "target": "0.5", "unit": "吨标煤", "direction": "lower"},
    {"code": "JN", "name": "节能改造项目", "weight": "40", "target": "3", "unit": "项"},
]


def _values(n: int, half: int) -> dict[str, str]:
    return {
        "JD": str(88 + 5 * n + 3 * half) if half == 1 else str(45 + 4 * n),
        "ZL": str(97 + n % 3),
        "AQ": str(n % 2),
        "CX": str(4 + 2 * n + half),
    }


def seed_competitions(*, today: date) -> dict[str, int]:
    cadre = User.objects.get(username="cadre_gusu")
    chair = User.objects.get(username="chair_demo")
    gusu = OrgUnit.objects.get(code="SZ-GS")
    street = OrgUnit.objects.get(code="SZ-GS-01")
    unions = list(OrgUnit.objects.filter(path__startswith=street.path, level=OrgLevel.GRASSROOTS).order_by("code")[:5])
    year = today.year
    made = services.competition_create(
        actor=cadre, org=gusu, title=f"{year}年姑苏区重点工程劳动竞赛", kind=Kind.KEY_PROJECT,
        starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), indicators=KEY_PROJECT,
        description="比进度、比质量、比安全、比创新，以重点工程建设为主战场。", co_organizers=[street],
    )  # fmt: skip
    for name, start, end in (("上半年", (1, 1), (6, 30)), ("下半年", (7, 1), (12, 31))):
        services.competition_stage_add(
            actor=cadre, competition=made, name=name, starts_on=date(year, *start), ends_on=date(year, *end)
        )
    for union in unions:
        services.competition_participant_add(actor=cadre, competition=made, org=union)
    services.competition_start(actor=cadre, competition=made)
    results = _report(made, cadre, chair, unions)

    last = services.competition_create(
        actor=cadre, org=gusu, title=f"{year - 1}年姑苏区节能减排劳动竞赛", kind=Kind.ENERGY,
        starts_on=date(year - 1, 1, 1), ends_on=date(year - 1, 12, 31), indicators=ENERGY,
    )  # fmt: skip
    for union in unions[:4]:
        services.competition_participant_add(actor=cadre, competition=last, org=union)
    services.competition_start(actor=cadre, competition=last)
    stage = last.stages.get()
    for n, union in enumerate(unions[:4]):
        for code, value in (("NH", f"{0.42 + 0.05 * n:.2f}"), ("JN", str(4 - n))):
            result = services.competition_result_enter(
                actor=cadre, competition=last, participant=last.participants.get(org=union),
                indicator=last.indicators.get(code=code), stage=stage, value=value,
            )  # fmt: skip
            services.competition_result_verify(actor=cadre, result=result)
            results += 1
    services.competition_finish(
        actor=cadre, competition=last, commended_top=2,
        commendation=f"经竞赛领导小组考评，授予前两名“{year - 1}年度姑苏区节能减排劳动竞赛优胜单位”称号，予以通报表彰。",
    )  # fmt: skip
    return {"competitions": Competition.objects.count(), "competition_results": results}


def _report(made: Competition, cadre: User, chair: User, unions: list[OrgUnit]) -> int:
    """The first half verified for everyone; the second half reported by two unions, one value returned."""
    count = 0
    first, second = made.stages.order_by("number")
    for n, union in enumerate(unions):
        participant = made.participants.get(org=union)
        actor = chair if union.code == "SZ-GS-01-E01" else SystemActor("demo: 参赛工会填报")
        for half, stage in ((1, first), (2, second)):
            if half == 2 and n > 1:
                continue
            for code, value in _values(n, half).items():
                if half == 2 and code != "JD":
                    continue
                result = services.competition_result_enter(
                    actor=actor, competition=made, participant=participant,
                    indicator=made.indicators.get(code=code), stage=stage, value=value,
                )  # fmt: skip
                count += 1
                if half == 1:
                    services.competition_result_verify(actor=cadre, result=result)
                elif n == 1:
                    services.competition_result_return(
                        actor=cadre, result=result, reason="下半年进度应为截至目前的累计完成率，请核实后重新填报。"
                    )
    return count
