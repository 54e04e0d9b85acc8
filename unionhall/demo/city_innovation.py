"""seed_city's worker innovation (职工创新): 五个一 and 五小 submissions of the city's members, written in bulk.

Proportions: one submission for every `PER_MEMBERS` open members (10,000 at a million), each filed by a member
drawn evenly over the register at their union — a third of them as a team of two or three members of the
same union, the first the lead — over the last eighteen months, so this year and the year before both have
figures. The kinds follow the usual mix (合理化建议 most, then 小建议, 技术革新 …); the statuses the life's
stages: a quarter just filed, some before a panel, adopted or not, implemented, and a sixth with the benefit
a year verified (2,000 元 to 800,000 元). No reward is paid here (rewards move money through the ledger) and
the near-duplicate index is left to submissions filed through the service.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from unionhall.demo.city_cast import Cast, draw_members
from unionhall.innovation.models import Channel, Kind, Status, Submission, SubmissionMember
from unionhall.members.models import Person
from unionhall.workcalendar.workdays import SHANGHAI

PER_MEMBERS = 100
DAYS = 540  # about eighteen months back

KINDS = [
    (Kind.RATIONALIZATION, 30),
    (Kind.SMALL_SUGGESTION, 14),
    (Kind.INNOVATION, 12),
    (Kind.BREAKTHROUGH, 10),
    (Kind.SMALL_INNOVATION, 10),
    (Kind.OPERATING_METHOD, 7),
    (Kind.SMALL_INVENTION, 6),
    (Kind.SMALL_DESIGN, 5),
    (Kind.SMALL_CREATION, 4),
    (Kind.NEW_PRODUCT, 2),
]
STATUSES = [
    (Status.SUBMITTED, 10),  # workers' own proposals awaiting their union's recommendation
    (Status.FORWARDED, 15),
    (Status.UNDER_REVIEW, 10),
    (Status.ADOPTED, 15),
    (Status.NOT_ADOPTED, 16),
    (Status.IMPLEMENTED, 17),
    (Status.BENEFIT_VERIFIED, 17),
]
TITLES = [
    ("数控车床刀具寿命提升", "优化切削参数、改用涂层刀片，降低刀具磨损，延长使用寿命。"),
    ("包装线换型时间缩短", "设计快换夹具和定位块，换型时间由四十分钟缩短到十五分钟。"),
    ("空压机余热回收利用", "回收空压机运行余热为车间供应热水，减少燃气消耗。"),
    ("仓库拣货路径优化", "按出库频次重排货位，拣货行走距离减少三成。"),
    ("焊接工装定位改进", "增加可调定位销，减少焊接返修。"),
    ("照明系统节能改造", "车间照明改为感应式节能灯具，夜间用电明显下降。"),
    ("设备点检表数字化", "点检记录改为扫码填报，异常自动提醒维修班组。"),
    ("注塑模具冷却水路改进", "重新布置冷却水路，缩短成型周期，减少缩痕不良。"),
    ("安全防护罩快拆设计", "防护罩改为卡扣式快拆，保养时间缩短，杜绝不装回的隐患。"),
    ("物料搬运小推车改进", "推车加装升降托盘，减轻搬运劳动强度。"),
    ("锅炉燃烧控制优化", "调整风煤配比和自动控制参数，提高锅炉热效率。"),
    ("客户投诉闭环流程再造", "投诉受理、分派、回访三环节限时办结，满意度提升。"),
]


def _weighted(rng: Any, table: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def seed_city_innovation(cast: Cast) -> dict[str, int]:
    rng, now = cast.rng, cast.now
    count = max(1, cast.member_count // PER_MEMBERS)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    drawn = draw_members(rng, round(count * 1.6), top)
    if not drawn:
        return {"innovation_submissions": 0, "innovation_participants": 0}
    by_org: dict[int, list[int]] = defaultdict(list)
    for m in drawn:
        by_org[m.org].append(m.person)
    rows: list[Submission] = []
    teams: list[list[int]] = []
    filed: list[datetime] = []
    leads = drawn[:count]
    year = f"{now.astimezone(SHANGHAI).year}"
    for n, lead in enumerate(leads, start=1):
        kind = _weighted(rng, KINDS)
        status = _weighted(rng, STATUSES)
        title, content = rng.choice(TITLES)
        expected = rng.randrange(1_000, 500_000) * 100 if rng.random() < 0.7 else None
        verified = rng.randrange(2_000, 800_000) * 100 if status == Status.BENEFIT_VERIFIED else None
        team = [lead.person]
        if rng.random() < 0.33:
            others = [p for p in by_org[lead.org] if p != lead.person]
            team += rng.sample(others, min(len(others), rng.randrange(1, 3)))
        day = cast.today - timedelta(days=rng.randrange(0, DAYS))
        at = min(datetime.combine(day, time(10), tzinfo=SHANGHAI), now)
        rows.append(
            Submission(
                no=f"CXS{year}{n:07d}",
                org_id=lead.org,
                kind=kind,
                title=title,
                content=content,
                expected_benefit_fen=expected,
                verified_benefit_fen=verified,
                status=status,
                # Only a worker's own proposal waits for the union's recommendation (services._file).
                channel=Channel.PORTAL
                if status == Status.SUBMITTED
                else rng.choice([Channel.UNION, Channel.UNION, Channel.PORTAL]),
                filed_by=cast.cadre_for(lead.org),
            )
        )
        teams.append(team)
        filed.append(at)
    made = Submission.objects.bulk_create(rows, batch_size=2000)
    SubmissionMember.objects.bulk_create(
        (
            SubmissionMember(submission_id=s.pk, person_id=p, is_lead=i == 0)
            for s, team in zip(made, teams, strict=True)
            for i, p in enumerate(team)
        ),
        batch_size=5000,
    )
    # bulk_create stamps every row with now (auto_now_add): the filing times (10:00 of the day filed, or now
    # today) are set afterwards, a statement per day, in chunks.
    by_time: dict[datetime, list[int]] = defaultdict(list)
    for s, at in zip(made, filed, strict=True):
        by_time[at].append(s.pk)
    for at, pks in by_time.items():
        for i in range(0, len(pks), 900):
            Submission.objects.filter(pk__in=pks[i : i + 900]).update(filed_at=at)
    people = {p for team in teams for p in team}
    return {"innovation_submissions": len(made), "innovation_participants": len(people)}
