"""The city's 包片·定点·管线 at scale (seed_city): each district's cadre holds the district as an area for
every line and, in each of its towns, the first two grassroots unions as quarterly fixed points; each point
was visited in some of the last four quarters (a tenth never, so the overdue list has rows), a visit now and
then raising a problem. Written with bulk_create, as the services would have written them (one history
line per assignment); a few thousand rows, so plain bulk inserts suffice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from unionhall.demo.city_cast import Cast
from unionhall.orgs.models import OrgLevel
from unionhall.responsibility.models import (
    Assignment,
    AssignmentChange,
    Frequency,
    Kind,
    Visit,
    VisitProblem,
)
from unionhall.responsibility.periods import period_of, previous

POINTS_PER_TOWN = 2
NEVER_VISITED = 0.1
PROBLEMS = ("职工书屋图书更新不及时", "新入职员工尚未全部入会", "厂务公开栏内容未按季度更新", "劳动合同续签不及时")


def seed_city_responsibility(cast: Cast) -> dict[str, int]:
    rng, today = cast.rng, cast.today
    since = date(today.year - 1, 1, 1)
    now = timezone.now()
    children: dict[int, list[int]] = defaultdict(list)
    for u in sorted(cast.units.values(), key=lambda u: u.code):
        if u.parent is not None:
            children[u.parent].append(u.id)
    assignments: list[Assignment] = []
    for district, cadre in sorted(cast.cadres.items()):
        assignments.append(Assignment(cadre=cadre, kind=Kind.AREA, org_id=district, starts_on=since))
        for town in children[district]:
            if cast.units[town].level != OrgLevel.TOWN:
                continue
            unions = [c for c in children[town] if cast.units[c].level == OrgLevel.GRASSROOTS][:POINTS_PER_TOWN]
            assignments += [
                Assignment(
                    cadre=cadre, kind=Kind.POINT, org_id=u, frequency=Frequency.QUARTERLY, starts_on=since, note=""
                )
                for u in unions
            ]
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    AssignmentChange.objects.bulk_create(
        (
            AssignmentChange(
                assignment=a,
                action=AssignmentChange.Action.CREATE,
                changes={"kind": a.kind, "starts_on": str(since)},
                by=cast.admin,
                by_name=cast.admin.username,
            )
            for a in assignments
        ),
        batch_size=1000,
    )
    visits: list[Visit] = []
    quarters = [period_of(today, 3)]
    for _ in range(3):
        quarters.append(previous(quarters[-1], 3))
    for a in assignments:
        if a.kind != Kind.POINT or rng.random() < NEVER_VISITED:
            continue
        for q in quarters:
            if rng.random() < 0.75:
                day = min(today, q.start + timedelta(days=rng.randrange(0, 85)))
                visits.append(
                    Visit(
                        assignment=a,
                        visited_on=day,
                        purpose="季度定点走访",
                        findings="了解企业生产经营和职工队伍情况。",
                        recorded_by=a.cadre,
                        recorded_at=now,
                    )
                )
    Visit.objects.bulk_create(visits, batch_size=1000)
    problems = [VisitProblem(visit=v, text=rng.choice(PROBLEMS)) for v in visits if rng.random() < 0.2]
    VisitProblem.objects.bulk_create(problems, batch_size=1000)
    return {"assignments": len(assignments), "point_visits": len(visits), "visit_problems": len(problems)}
