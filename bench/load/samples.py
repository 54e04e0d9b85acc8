"""What the load test's users type and click, read once from the database before the run.

Run inside Django (bench/load/run.py calls it through `manage.py shell -c`, with the server's SECRET_KEY so
that card tokens verify). Writes one JSON object to a file: per login, its scope's unions, members, coverage
nodes, rights cases and hardship archives; for the portal, employer name fragments, areas and member-card
tokens; for the workers (seed_city's worker_0001 …), each login with the ids of its own archives, cards and
cases that its /me/ pages link to.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from unionhall.assistance.models import HardshipFile
from unionhall.cards.models import AssistanceCard
from unionhall.members.cards import card_token
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs.models import Employer, Grant, OrgLevel, OrgUnit
from unionhall.rights.models import Case
from unionhall.worker_portal.models import WorkerProfile

# The logins the load test uses, as seed_demo and seed_city create them: the city's reviewer (SZ), a
# district cadre (SZ-GS), a town cadre (SZ-GS-01) and a grassroots chair (SZ-GS-01-E01, or -E001 in the city).
LOGINS = ["reviewer_city", "cadre_gusu", "cadre_town", "chair_demo"]
UNIONS_PER_LOGIN = 40
MEMBERS_PER_UNION = 8
FEDERATION_LEVELS = [OrgLevel.CITY, OrgLevel.DISTRICT, OrgLevel.TOWN, OrgLevel.INDUSTRY, OrgLevel.JOINT]
RECORDS_PER_LOGIN = 40  # case and archive ids a cadre opens
WORKERS = 300


def _members(unions: list[OrgUnit], rng: random.Random) -> list[dict[str, Any]]:
    per_union = max(MEMBERS_PER_UNION, 300 // len(unions))
    rows: list[dict[str, Any]] = []
    for union in unions:
        qs = Membership.objects.filter(org=union, status__in=OPEN_STATUSES).select_related("person")
        for m in qs.order_by("id")[:per_union]:
            p = m.person
            rows.append({"id": m.pk, "no": m.member_no, "name": p.name, "initials": p.name_initials, "phone": p.phone})
    rng.shuffle(rows)
    return rows


def _scope(username: str, rng: random.Random) -> dict[str, Any]:
    grant = Grant.objects.select_related("org").filter(user__username=username).order_by("id").first()
    if grant is None:
        raise SystemExit(f"{username} holds no grant: build the database with seed_demo or seed_city")
    root = grant.org
    subtree = OrgUnit.objects.filter(path__startswith=root.path, status="active")
    # Small unions, so that a filtered export holds a few dozen rows, as a cadre's usually does.
    unions = list(subtree.filter(level=OrgLevel.GRASSROOTS).order_by("?")[:UNIONS_PER_LOGIN])
    if not unions:
        unions = [root]
    nodes = list(subtree.filter(level__in=FEDERATION_LEVELS).order_by("?").values_list("pk", flat=True)[:40])
    in_scope = {"org__path__startswith": root.path}
    return {
        "org_id": root.pk,
        "org_code": root.code,
        "unions": [{"id": u.pk, "code": u.code} for u in unions],
        "nodes": nodes or [root.pk],
        "members": _members(unions, rng),
        "cases": list(Case.objects.filter(**in_scope).order_by("?").values_list("pk", flat=True)[:RECORDS_PER_LOGIN]),
        "archives": list(
            HardshipFile.objects.filter(**in_scope).order_by("?").values_list("pk", flat=True)[:RECORDS_PER_LOGIN]
        ),
    }


def _workers() -> list[dict[str, Any]]:
    """The worker logins with a profile, and what their own pages link to (empty lists for a demo's worker)."""
    profiles = list(
        WorkerProfile.objects.filter(user__username__startswith="worker_", user__is_active=True)
        .order_by("user__username")
        .values_list("user__username", "person_id")[:WORKERS]
    )
    persons = [person for _, person in profiles]
    files: dict[int, list[int]] = {}
    for pk, person in HardshipFile.objects.filter(person_id__in=persons).values_list("pk", "person_id"):
        files.setdefault(person, []).append(pk)
    cards: dict[int, list[int]] = {}
    for pk, person in AssistanceCard.objects.filter(file__person_id__in=persons).values_list("pk", "file__person_id"):
        cards.setdefault(person, []).append(pk)
    cases: dict[int, list[int]] = {}
    for pk, person in Case.objects.filter(person_id__in=persons).values_list("pk", "person_id"):
        cases.setdefault(person, []).append(pk)
    return [
        {"username": name, "files": files.get(p, []), "cards": cards.get(p, []), "cases": cases.get(p, [])}
        for name, p in profiles
    ]


def collect(seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    logins = {username: _scope(username, rng) for username in LOGINS}
    names = list(Employer.objects.order_by("?").values_list("name", flat=True)[:200])
    # What a worker types before picking from the list: two to four characters of the name, after the city.
    fragments = sorted({n.removeprefix("苏州")[:4][: rng.choice([2, 3, 4])] for n in names if len(n) > 4})
    areas = list(OrgUnit.objects.filter(level=OrgLevel.DISTRICT).values_list("pk", flat=True))
    cards = [
        card_token(m) for m in Membership.objects.filter(status__in=OPEN_STATUSES).order_by("?")[:100] if m.member_no
    ]
    return {
        "logins": logins,
        "portal": {"employer_fragments": fragments, "areas": areas, "cards": cards},
        "workers": _workers(),
    }


def main(out: str) -> None:
    Path(out).write_text(json.dumps(collect(), ensure_ascii=False), encoding="utf-8")
