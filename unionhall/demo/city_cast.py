"""Who acts where in the city's casework, and on whom: what seed_city's rights and assistance records share.

The city has logins only at the top (DEMO_USERS): a federation cadre is added for each district that has
none, so every district's archives are verified, its payments approved and its overdue cases escalated by
someone who may do so there (Role.FEDERATION_CADRE over the district's subtree). Grassroots unions have no
login in the city: what they file is recorded with no user and the seed's name, as a system step is.

Members are drawn once for both modules, straight from the written register (one indexed query), so a
hardship archive or a case names a real member with their union, employer, name and phone.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models
from django.db.models import Max

from unionhall.accounts.models import User
from unionhall.core.bulk import where_in
from unionhall.members.models import Membership, MembershipStatus
from unionhall.orgs.models import FEDERATION_LEVELS, Grant, OrgLevel, Role


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    level: str
    path: str
    parent: int | None


@dataclass(frozen=True)
class Member:
    person: int
    org: int
    employer: int | None
    name: str
    phone: str


@dataclass
class Cast:
    rng: random.Random
    today: date
    now: datetime
    units: dict[int, Unit]
    employers: dict[int, tuple[str, int, int | None, int]]  # id → (name, org, union, size)
    admin: User
    cadres: dict[int, User] = field(default_factory=dict)  # district id → its cadre
    members: list[Member] = field(default_factory=list)
    member_count: int = 0  # open memberships in the city

    def district_of(self, org: int) -> int | None:
        unit: Unit | None = self.units[org]
        while unit is not None and unit.level != OrgLevel.DISTRICT:
            unit = self.units[unit.parent] if unit.parent is not None else None
        return unit.id if unit is not None else None

    def cadre_for(self, org: int) -> User:
        """Who handles, verifies and approves for a unit: its district's cadre, the city admin above the districts."""
        district = self.district_of(org)
        return self.cadres.get(district, self.admin) if district is not None else self.admin

    def upper_federation(self, org: int) -> int:
        """As rights.routing.upper_federation: the nearest federation above the unit (the root answers for itself)."""
        unit = self.units[org]
        while unit.parent is not None:
            unit = self.units[unit.parent]
            if unit.level in FEDERATION_LEVELS:
                return unit.id
        return org

    def nearest(self, org: int, levels: Sequence[str]) -> int:
        """The unit itself or the nearest unit above it at one of `levels` (the root when none)."""
        unit = self.units[org]
        while unit.level not in levels and unit.parent is not None:
            unit = self.units[unit.parent]
        return unit.id


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("id"))["m"] or 0) + 1


def district_cadres(units: dict[int, Unit], *, password: str) -> dict[int, User]:
    """The cadre of every district: the demo login granted there (cadre_gusu, cadre_wuzhong), else a new one
    named after the district's code (cadre_hq for SZ-HQ), with the demo password."""
    districts = {u.id: u for u in units.values() if u.level == OrgLevel.DISTRICT}
    held = Grant.objects.filter(role=Role.FEDERATION_CADRE, org_id__in=districts).select_related("user")
    cadres = {g.org_id: g.user for g in held.order_by("id")}
    new = [d for d in districts.values() if d.id not in cadres]
    users = User.objects.bulk_create(
        User(
            username=f"cadre_{d.code.removeprefix('SZ-').lower()}",
            display_name=f"{d.name.removesuffix('总工会')}总工会干部",
            password=password,
        )
        for d in new
    )
    Grant.objects.bulk_create(
        Grant(user=u, role=Role.FEDERATION_CADRE, org_id=d.id) for u, d in zip(users, new, strict=True)
    )
    cadres |= {d.id: u for u, d in zip(users, new, strict=True)}
    return cadres


def demo_password() -> str:
    """One hash of the demo password for every login the seed adds (argon2 costs on purpose; hundreds of
    logins would spend most of the seed's time hashing the same password)."""
    return make_password(settings.DEMO_PASSWORD)


def draw_members(rng: random.Random, wanted: int, top_person: int) -> list[Member]:
    """About `wanted` distinct active members, drawn evenly over the register (every district and union in
    proportion to its size), in a random order."""
    if top_person <= 0 or wanted <= 0:
        return []
    ids = sorted(rng.sample(range(1, top_person + 1), min(top_person, round(wanted * 1.1) + 10)))
    qs = Membership.objects.filter(status=MembershipStatus.ACTIVE).order_by()
    rows: list[tuple[Any, ...]] = []
    for part in where_in(qs, "person_id", ids):
        rows += part.values_list("person_id", "org_id", "employer_id", "person__name", "person__phone")
    rows.sort()
    members = [Member(*row) for row in rows]
    rng.shuffle(members)
    return members[:wanted]


WORKERS_MAX = 300


def worker_logins(cast: Cast, *, password: str) -> int:
    """Password logins for a few hundred workers (worker_0001 …), each a WorkerProfile tying the login to a
    member and a worker grant at their union, as the phone-code login makes them: half hold an assistance
    card, half have a rights case, so their /me/ pages have something to show. The load test signs in as
    them (the phone code goes by text message, which a load test cannot read)."""
    from unionhall.cards.models import AssistanceCard
    from unionhall.rights.models import Case
    from unionhall.worker_portal.models import WorkerProfile

    count = min(WORKERS_MAX, max(20, cast.member_count // 3000))
    holders = AssistanceCard.objects.order_by("id").values_list("file__person_id", flat=True)[: count // 2]
    claimants = Case.objects.filter(person__isnull=False).order_by("-id").values_list("person_id", flat=True)
    # Alternately a card holder and a worker with a case, so that any few of the logins show both kinds.
    pairs = itertools.zip_longest(holders, claimants[: count * 2])
    persons = list(dict.fromkeys(pk for pair in pairs for pk in pair if pk is not None))[:count]
    own = dict(
        Membership.objects.filter(person_id__in=persons, status=MembershipStatus.ACTIVE).values_list(
            "person_id", "org_id"
        )
    )
    people = {
        pk: (name, phone)
        for pk, name, phone in Membership.objects.filter(person_id__in=persons)
        .values_list("person_id", "person__name", "person__phone")
        .distinct()
    }
    phones: set[str] = set()
    chosen = []
    for pk in persons:
        phone = people[pk][1]
        if pk in own and phone and phone not in phones:
            phones.add(phone)
            chosen.append(pk)
    users = User.objects.bulk_create(
        User(username=f"worker_{n:04d}", display_name=people[pk][0], phone=people[pk][1], password=password)
        for n, pk in enumerate(chosen, start=1)
    )
    Grant.objects.bulk_create(
        Grant(user=u, role=Role.WORKER, org_id=own[pk]) for u, pk in zip(users, chosen, strict=True)
    )
    WorkerProfile.objects.bulk_create(
        WorkerProfile(user=u, person_id=pk, linked_at=cast.now) for u, pk in zip(users, chosen, strict=True)
    )
    return len(users)
