"""What the skills contests' own tests share: a contest of 东区 (数控车工) with one theory item (安全知识 30%,
满分 100) and two practice items (零件加工 50%, 满分 100; 工艺规范 20%, 满分 10), entrants who are members of
东方机械公司工会 (U1) and 东一村工会 (U2), started unless asked otherwise; judges; and scoring helpers."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from unionhall.accounts.models import User
from unionhall.contests import services
from unionhall.contests.models import Entrant, ItemKind, SkillsContest
from unionhall.members.models import Person
from unionhall.orgs.models import Grant, OrgUnit, Role
from unionhall.panels import services as panels
from unionhall.panels.models import PanelSubject
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

ITEMS = [
    {"kind": ItemKind.THEORY, "name": "安全知识", "weight": 30, "max_score": 100},
    {"kind": ItemKind.PRACTICE, "name": "零件加工", "weight": 50, "max_score": 100},
    {"kind": ItemKind.PRACTICE, "name": "工艺规范", "weight": 20, "max_score": 10},
]

_n = itertools.count(1)


def member(org: OrgUnit, name: str = "李师傅") -> Person:
    n = next(_n)
    return factories.join(org, name, f"320508{1975 + n // 1000 % 40}0415{n % 1000:03d}").person


def contest(
    c: City, *, org: OrgUnit | None = None, title: str = "东区数控车工技术比武", start: bool = True,
    entrants: tuple[str, ...] = ("u1", "u2"),
) -> SkillsContest:  # fmt: skip
    made = services.contest_create(
        actor=SYSTEM,
        org=org or c.d1,
        title=title,
        trade="数控车工",
        starts_on=date(2026, 10, 20),
        ends_on=date(2026, 10, 21),
        place="东区职业技能实训基地",
        items=ITEMS,
    )
    for name in entrants:
        services.contest_entrant_add(actor=SYSTEM, contest=made, person=member(getattr(c, name), f"选手{name}"))
    if start:
        services.contest_start(actor=SYSTEM, contest=made)
    made.refresh_from_db()
    return made


def entrant(made: SkillsContest, org: OrgUnit) -> Entrant:
    return made.entrants.filter(org=org).order_by("number").first()  # type: ignore[return-value]


def judge(name: str, org: OrgUnit, role: str = Role.FEDERATION_CADRE) -> User:
    user = User.objects.create_user(username=name, password="x-Test-pass-123")
    Grant.objects.create(user=user, role=role, org=org)
    return user


def seat(made: SkillsContest, *users: User) -> None:
    for user in users:
        services.contest_judge_add(actor=SYSTEM, contest=made, user=user)


def subject(made: SkillsContest, e: Entrant) -> PanelSubject:
    assert made.panel is not None
    return PanelSubject.objects.get(panel=made.panel, ref=e.pk)


def judge_score(made: SkillsContest, e: Entrant, user: User, machining: int, process: int) -> Any:
    """A judge scores an entrant's two practice items through the panel's own service."""
    assert made.panel is not None
    criteria = {c.name: c.pk for c in made.panel.criteria.all()}
    return panels.panel_score(
        actor=user, subject=subject(made, e), values={criteria["零件加工"]: machining, criteria["工艺规范"]: process}
    )


def theory(made: SkillsContest, e: Entrant, score: Any, actor: Any = SYSTEM) -> Any:
    item = made.items.get(kind=ItemKind.THEORY)
    e.contest = made
    return services.contest_theory_enter(actor=actor, entrant=e, values={item.pk: score})
