"""The demo city's work teams (班组成本管理): three teams of the chair's union (in a small demo, the first
street's union with the most members, as the innovation demo does), each with a leader and members among its
open members — the first team holds the members who filed the demo's innovation proposals, so its adopted
suggestions show. Each team has cost targets for the last three months and this one, and actual costs for the
last three months, except that the third team has not entered last month's yet (the chair's 待办). All through
the services, acted by the union's chair, inside seed_demo's one audited action; amounts are worked out from
each team's place and month, not drawn, so the seed's random draws are unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count

from unionhall.accounts.models import User
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs.models import OrgUnit
from unionhall.teams import periods, services
from unionhall.teams.models import ITEMS

NAMES = ("机加工一班", "装配二班", "设备维修班")
# Yuan a month per item for the first team; the others scale it.
BASE = {"materials": 60_000, "energy": 18_000, "repairs": 6_000, "tools": 3_000, "other": 1_500}


def _union() -> tuple[OrgUnit, User] | None:
    union = OrgUnit.objects.get(code="SZ-GS-01-E01")
    chair = User.objects.get(username="chair_demo")
    if Membership.objects.filter(org=union, status__in=OPEN_STATUSES).count() >= 3:
        return union, chair
    street = OrgUnit.objects.get(code="SZ-GS-01")
    largest = (
        Membership.objects.filter(org__path__startswith=street.path, org__level="grassroots", status__in=OPEN_STATUSES)
        .values("org")
        .annotate(n=Count("id"))
        .order_by("-n", "org")
        .first()
    )
    if largest is None or largest["n"] < 3:
        return None
    return OrgUnit.objects.get(pk=largest["org"]), User.objects.get(username="cadre_town")


def seed_teams(*, today: date) -> dict[str, Any]:
    found = _union()
    if found is None:
        return {"work_teams": 0}
    union, chair = found
    people = [
        m.person
        for m in Membership.objects.filter(org=union, status__in=OPEN_STATUSES)
        .select_related("person")
        .order_by("id")[:12]
    ]
    size = max(1, len(people) // len(NAMES))
    this = periods.of(today)
    last = periods.shift(this, -1)
    months = [periods.shift(last, -2), periods.shift(last, -1), last]
    made = 0
    for n, name in enumerate(NAMES):
        crew = people[n * size : (n + 1) * size] or people[:1]
        team = services.team_create(actor=chair, org=union, name=name, leader=crew[0], members=crew[1:])
        made += 1
        scale = 100 - 15 * n
        for m, month in enumerate([*months, this]):
            targets = {i.value: BASE[i.value] * scale for i in ITEMS}  # yuan × scale % → fen
            services.team_targets_save(actor=chair, team=team, period=month, amounts=targets)
            if month == this or (n == 2 and month == last):
                continue
            # Saving 2–9 % on most items, overspending on repairs in one month.
            actuals = {
                i.value: targets[i.value]
                * (100 - (3 + (n + m + k) % 7) + (12 if i.value == "repairs" and m == 1 else 0))
                // 100
                for k, i in enumerate(ITEMS)
            }
            services.team_actuals_save(actor=chair, team=team, period=month, amounts=actuals)
    return {"work_teams": made}
