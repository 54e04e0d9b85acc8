"""seed_city's labour competitions (劳动竞赛), written in bulk, their rankings kept by competitions/ranking.py.

Proportions: every district organizes `PER_DISTRICT` competitions — a running 重点工程 competition of this
year between six to ten of its grassroots unions, whose first stage's results are verified (two of them still
waiting for the district cadre's verification in the second stage), a running 节能减排 competition of this
year with its first stage verified, and last year's 安全生产 competition, finished, its two best commended.
Values are drawn around each indicator's target; the standings are computed from the verified results as the
verify step does (`ranking.recompute`), so the ranking pages and the dashboard read kept rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from unionhall.competitions import ranking
from unionhall.competitions.models import (
    Competition,
    CompetitionStatus,
    Direction,
    Indicator,
    Kind,
    Method,
    Participant,
    Result,
    ResultStatus,
    Stage,
    Standing,
)
from unionhall.demo.city_cast import Cast
from unionhall.orgs.models import OrgLevel

PER_DISTRICT = 3
IndicatorRow = tuple[str, str, int, float, str, str, str]
INDICATORS: dict[str, list[IndicatorRow]] = {
    Kind.KEY_PROJECT: [
        ("JD", "工程进度完成率", 50, 100, "%", Direction.HIGHER, Method.RATIO),
        ("ZL", "质量一次验收合格率", 30, 98, "%", Direction.HIGHER, Method.RATIO),
        ("AQ", "安全事故", 20, 1, "起", Direction.LOWER, Method.THRESHOLD),
    ],
    Kind.ENERGY: [
        ("NH", "单位产值能耗", 60, 0.5, "吨标煤/万元", Direction.LOWER, Method.RATIO),
        ("JN", "节能技改项目", 40, 3, "项", Direction.HIGHER, Method.RANK),
    ],
    Kind.SAFETY: [
        ("YH", "隐患整改率", 50, 100, "%", Direction.HIGHER, Method.RATIO),
        ("SG", "安全事故", 50, 1, "起", Direction.LOWER, Method.THRESHOLD),
    ],
}


def _value(rng: Any, target: float, direction: str) -> Decimal:
    if target <= 3:
        return Decimal(rng.randrange(0, int(target * 2) + 2))
    spread = rng.uniform(0.8, 1.15) if direction == Direction.HIGHER else rng.uniform(0.85, 1.2)
    return Decimal(str(round(target * spread, 2)))


def _competition(
    cast: Cast, district: Any, unions: list[int], *, kind: str, title: str, year: int, status: str, verified: int
) -> tuple[Competition, int]:
    rng = cast.rng
    finished = status == CompetitionStatus.FINISHED
    c = Competition.objects.create(
        org_id=district.id,
        kind=kind,
        title=title,
        description=f"{district.name}组织辖区基层工会开展{title}，比进度、比质量、比安全、比节约。",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        status=status,
        commendation=f"授予前两名“{year}年度{title}优胜单位”称号。" if finished else "",
        commended_top=2 if finished else 0,
        finished_at=timezone.now() if finished else None,
        created_by=cast.cadre_for(district.id),
    )
    stages = Stage.objects.bulk_create(
        [
            Stage(competition=c, number=1, name="上半年", starts_on=date(year, 1, 1), ends_on=date(year, 6, 30)),
            Stage(competition=c, number=2, name="下半年", starts_on=date(year, 7, 1), ends_on=date(year, 12, 31)),
        ]
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            competition=c,
            code=code,
            name=name,
            weight=Decimal(weight),
            target=Decimal(str(target)),
            unit=unit,
            direction=direction,
            method=method,
            position=i,
        )
        for i, (code, name, weight, target, unit, direction, method) in enumerate(INDICATORS[kind])
    )
    participants = Participant.objects.bulk_create(Participant(competition=c, org_id=u) for u in unions)
    cadre = cast.cadre_for(district.id)
    results = []
    for stage in stages[:verified]:
        for p in participants:
            for ind in indicators:
                results.append(
                    Result(
                        competition=c,
                        participant=p,
                        indicator=ind,
                        stage=stage,
                        value=_value(rng, float(ind.target), ind.direction),
                        status=ResultStatus.VERIFIED,
                        verified_by=cadre,
                        verified_at=cast.now,
                    )
                )
    if status == CompetitionStatus.RUNNING and verified < len(stages):
        for p in participants[:2]:  # waiting for the district cadre's verification
            ind = indicators[0]
            results.append(
                Result(
                    competition=c,
                    participant=p,
                    indicator=ind,
                    stage=stages[verified],
                    value=_value(rng, float(ind.target), ind.direction),
                )
            )
    Result.objects.bulk_create(results)
    ranking.recompute(c)
    if finished:
        Standing.objects.filter(competition=c, stage=None, rank__lte=2).update(commended=True)
    return c, len(results)


def seed_city_competitions(cast: Cast) -> dict[str, int]:
    rng = cast.rng
    year = cast.today.year
    districts = sorted((u for u in cast.units.values() if u.level == OrgLevel.DISTRICT), key=lambda u: u.path)
    grassroots = [u for u in cast.units.values() if u.level == OrgLevel.GRASSROOTS]
    made = results = entries = 0
    for district in districts:
        unions = sorted(u.id for u in grassroots if u.path.startswith(district.path))
        if len(unions) < 2:
            continue
        short = district.name.removesuffix("总工会")
        plan = [
            (Kind.KEY_PROJECT, f"{short}{year}年重点工程劳动竞赛", year, CompetitionStatus.RUNNING, 1),
            (Kind.ENERGY, f"{short}{year}年节能减排劳动竞赛", year, CompetitionStatus.RUNNING, 1),
            (Kind.SAFETY, f"{short}{year - 1}年安全生产劳动竞赛", year - 1, CompetitionStatus.FINISHED, 2),
        ][:PER_DISTRICT]
        for kind, title, in_year, status, verified in plan:
            chosen = rng.sample(unions, min(len(unions), rng.randrange(6, 11)))
            _, n = _competition(
                cast, district, chosen, kind=kind, title=title, year=in_year, status=status, verified=verified
            )
            made += 1
            results += n
            entries += len(chosen)
    return {"competitions": made, "competition_entries": entries, "competition_results": results}
