"""The city's work teams at scale (seed_city, 班组成本管理): about one grassroots union in four keeps teams — one,
or up to three in a large union (one more for every 40 members) — of up to eight of its active members, the
first the leader. Each team has cost targets and actual costs for each item in the last three months; about one
team in ten has not entered last month's actuals yet (the chairs' 待办). Targets follow the team's size, actuals
fall 10 % under to 8 % over them. A few thousand teams and a hundred thousand amounts at a million members:
one read of the chosen unions' members and plain bulk inserts, as the services would have written the rows."""

from __future__ import annotations

from collections import defaultdict

from unionhall.core.bulk import where_in
from unionhall.demo.city_cast import Cast
from unionhall.members.models import Membership, MembershipStatus
from unionhall.orgs.models import OrgLevel
from unionhall.teams import periods
from unionhall.teams.models import ITEMS, CostActual, CostTarget, TeamMember, WorkTeam

SHARE = 0.25
TEAM_SIZE = 8
PER_MEMBERS = 40
MAX_TEAMS = 3
NOT_YET = 0.1
NAMES = ("机加工班", "装配班", "维修班", "运行班", "质检班", "仓储班", "电工班", "物流班", "综合班")
# Yuan a member a month per item.
PER_HEAD = {"materials": 3_000, "energy": 900, "repairs": 300, "tools": 150, "other": 80}


def seed_city_teams(cast: Cast) -> dict[str, int]:
    rng = cast.rng
    unions = sorted(u.id for u in cast.units.values() if u.level == OrgLevel.GRASSROOTS)
    chosen = [u for u in unions if rng.random() < SHARE]
    people: dict[int, list[int]] = defaultdict(list)
    qs = Membership.objects.filter(status=MembershipStatus.ACTIVE).order_by()
    for part in where_in(qs, "org_id", chosen):
        for org_id, person_id in part.values_list("org_id", "person_id"):
            people[org_id].append(person_id)
    teams: list[WorkTeam] = []
    crews: list[list[int]] = []
    for org_id in chosen:
        found = sorted(people.get(org_id, ()))
        if len(found) < 2:
            continue
        count = min(MAX_TEAMS, 1 + len(found) // PER_MEMBERS, len(found) // 2)
        offset = rng.randrange(len(NAMES))
        for n in range(count):
            crew = found[n * TEAM_SIZE : (n + 1) * TEAM_SIZE]
            if len(crew) < 2:
                break
            name = NAMES[(offset + n) % len(NAMES)]
            teams.append(WorkTeam(org_id=org_id, name=f"{name}{n + 1}" if n else name, leader_id=crew[0]))
            crews.append(crew)
    WorkTeam.objects.bulk_create(teams, batch_size=2000)
    TeamMember.objects.bulk_create(
        (TeamMember(team=t, person_id=p) for t, crew in zip(teams, crews, strict=True) for p in crew), batch_size=5000
    )
    this = periods.of(cast.today)
    months = [periods.shift(this, -3), periods.shift(this, -2), periods.shift(this, -1)]
    targets: list[CostTarget] = []
    actuals: list[CostActual] = []
    for team, crew in zip(teams, crews, strict=True):
        late = rng.random() < NOT_YET
        for month in months:
            for item in ITEMS:
                target = PER_HEAD[item.value] * len(crew) * 100
                targets.append(CostTarget(team=team, period=month, item=item.value, amount_fen=target))
                if late and month == months[-1]:
                    continue
                actual = target * rng.randint(90, 108) // 100
                actuals.append(CostActual(team=team, period=month, item=item.value, amount_fen=actual))
    CostTarget.objects.bulk_create(targets, batch_size=5000)
    CostActual.objects.bulk_create(actuals, batch_size=5000)
    return {"work_teams": len(teams), "team_cost_amounts": len(targets) + len(actuals)}
