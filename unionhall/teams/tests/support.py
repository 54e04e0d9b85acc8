"""What the team tests share: a team of 东方机械公司工会 (U1) with its leader and two members, a team of 西方纺织
(U3) no D1 actor may see, and a month's targets and actuals entered for a team."""

from __future__ import annotations

import itertools
from typing import Any

from unionhall.members.models import Membership, Person
from unionhall.orgs.models import OrgUnit
from unionhall.teams import periods, services
from unionhall.teams.models import WorkTeam
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

_n = itertools.count(1)

OURS = "机加工一班"
FOREIGN = "纺纱三班"
TARGETS = {"materials": 100_000_00, "energy": 20_000_00, "repairs": 5_000_00}
ACTUALS = {"materials": 90_000_00, "energy": 21_000_00}


def member(org: OrgUnit, name: str = "张工") -> Person:
    """A new open member of `org` (ID numbers of their own: born on 15 July, unlike the kit's other helpers)."""
    n = next(_n)
    return factories.join(org, name, f"320508{1960 + n // 1000 % 40}0715{n % 1000:03d}").person


def team(c: City, *, org: OrgUnit | None = None, name: str = OURS, size: int = 3) -> WorkTeam:
    unit = org or c.u1
    people = [member(unit, n) for n in ("李班长", "王师傅", "赵师傅", "钱师傅", "孙师傅")[:size]]
    return services.team_create(actor=SYSTEM, org=unit, name=name, leader=people[0], members=people[1:])


def both(c: City) -> WorkTeam:
    """U1's team, and U3's that no D1 actor sees."""
    team(c, org=c.u3, name=FOREIGN)
    return team(c)


def costs(
    made: WorkTeam, period: str | None = None, *, targets: dict[str, Any] | None = None,
    actuals: dict[str, Any] | None = None,
) -> str:  # fmt: skip
    month = period or periods.last()
    services.team_targets_save(actor=SYSTEM, team=made, period=month, amounts=TARGETS if targets is None else targets)
    if actuals != {}:
        services.team_actuals_save(actor=SYSTEM, team=made, period=month, amounts=actuals or ACTUALS)
    return month


def number_of(person: Any) -> str:
    return Membership.objects.get(person=person).member_no
