"""The demo city's 包片·定点·管线 (issue 16): the district cadres hold their districts as areas for some lines,
the street cadre holds the street for organizing and three of its unions as fixed points, one of which has
gone unvisited past its period (overdue); visits with problems, one settled. All through the services,
acted by the city admin and the cadres, inside seed_demo's one audited action; then the visit reminders
run once, as the daily task would, so the street cadre's bell and 待办 show the overdue point."""

from __future__ import annotations

from datetime import date, timedelta

from unionhall.accounts.models import User
from unionhall.orgs.models import OrgLevel, OrgUnit
from unionhall.responsibility import services
from unionhall.responsibility.models import Frequency, Kind, Line
from unionhall.responsibility.periods import period_of
from unionhall.responsibility.reminders import visit_reminders

TOWN = "SZ-GS-01"
CHAIR_UNION = "SZ-GS-01-E01"


def seed_responsibility(*, today: date) -> dict[str, int]:
    admin = User.objects.get(username="admin_city")
    gusu, wuzhong, street = (User.objects.get(username=n) for n in ("cadre_gusu", "cadre_wuzhong", "cadre_town"))
    unit = {u.code: u for u in OrgUnit.objects.filter(code__in=["SZ-GS", "SZ-WZ", TOWN, CHAIR_UNION])}
    line = {x.code: x for x in Line.objects.all()}
    since = date(today.year - 1, 1, 1)

    def assign(cadre: User, org: OrgUnit, kind: str, codes: tuple[str, ...] = (), frequency: str = "") -> object:
        return services.assignment_create(
            actor=admin,
            cadre=cadre,
            kind=kind,
            unit=org,
            lines=[line[c] for c in codes],
            frequency=frequency,
            starts_on=since,
            note="年度包片定点安排",
        )

    assign(gusu, unit["SZ-GS"], Kind.AREA, ("rights", "assistance"))
    assign(wuzhong, unit["SZ-WZ"], Kind.AREA)
    assign(street, unit[TOWN], Kind.AREA, ("organizing",))
    others = list(
        OrgUnit.objects.filter(path__startswith=unit[TOWN].path, level=OrgLevel.GRASSROOTS)
        .exclude(pk=unit[CHAIR_UNION].pk)
        .order_by("code")[:2]
    )
    chair = assign(street, unit[CHAIR_UNION], Kind.POINT, ("organizing", "democratic"), Frequency.QUARTERLY)
    monthly = assign(street, others[0], Kind.POINT, (), Frequency.MONTHLY)
    half = assign(gusu, others[1], Kind.POINT, ("rights",), Frequency.HALF_YEARLY)

    visits = 0
    # The chair's union: visited every quarter up to this one, the last visit raising two problems.
    quarter = period_of(today, 3)
    day = since + timedelta(days=20)
    while day <= today:
        services.visit_record(
            actor=street,
            assignment=chair,  # type: ignore[arg-type]
            visited_on=day,
            companions="街道工会干事 李娜",
            purpose="季度定点走访",
            findings="了解企业生产经营和职工队伍情况，工会组织运转正常。",
            problems=["职工书屋图书更新不及时", "新入职员工尚未全部入会"] if day >= quarter.start else [],
        )
        visits += 1
        day += timedelta(days=91)
    if day - timedelta(days=91) < quarter.start:  # this quarter not yet reached by the steps: visit today
        services.visit_record(
            actor=street,
            assignment=chair,  # type: ignore[arg-type]
            visited_on=today,
            purpose="季度定点走访",
            findings="企业新招一批员工，正在组织入会。",
            problems=["职工书屋图书更新不及时", "新入职员工尚未全部入会"],
        )
        visits += 1
    first = chair.visits.order_by("-visited_on", "-id").first()  # type: ignore[attr-defined]
    services.visit_problem_close(
        actor=street, problem=first.problems.order_by("id").first(), resolution="已协调企业采购新书 200 册"
    )
    # The monthly point: visited once, long ago — overdue ever since.
    services.visit_record(
        actor=street,
        assignment=monthly,  # type: ignore[arg-type]
        visited_on=since + timedelta(days=40),
        purpose="月度走访",
        findings="企业规模较小，工会由联合工会覆盖。",
    )
    visits += 1
    services.visit_record(
        actor=gusu,
        assignment=half,  # type: ignore[arg-type]
        visited_on=max(period_of(today, 6).start, since),
        purpose="半年度走访（维权）",
        findings="劳动合同签订率 100%，无欠薪。",
    )
    visits += 1
    reminded = visit_reminders(today=today)
    return {"assignments": 6, "point_visits": visits, "visit_reminders": reminded.due_soon + reminded.overdue}
