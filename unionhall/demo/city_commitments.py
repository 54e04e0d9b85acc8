"""The city's 岗位承诺卡 at scale (seed_city): each district's cadre has this year's card — the city's template
items and two commitments of their own, some fulfilled (with the history line of that step) — rated by the fixed points they visit (the unions
in their area the seed names) in each quarter of this year so far, as commitment_rate would have written the
rows. Run after city_responsibility, whose points it reads; a few thousand rows, so plain bulk inserts."""

from __future__ import annotations

import secrets
from datetime import date

from django.utils import timezone

from unionhall.commitments.models import (
    Commitment,
    CommitmentCard,
    CommitmentEvent,
    Group,
    Rating,
    Status,
    TemplateItem,
)
from unionhall.commitments.selectors import period_of
from unionhall.demo.city_cast import Cast
from unionhall.orgs.models import Grant, Role
from unionhall.responsibility.models import Assignment, Kind

OWN = ("每季度走访定点联系企业，帮助解决实际问题", "年内推动辖区新建工会")
FULFILLED = 0.3


def seed_city_commitments(cast: Cast) -> dict[str, int]:
    rng, today = cast.rng, cast.today
    year_end = date(today.year, 12, 31)
    items = list(TemplateItem.objects.filter(active=True).exclude(group=Group.OWN).order_by("group", "order"))
    cards = [
        CommitmentCard(cadre=cadre, org_id=district, year=today.year, token=secrets.token_urlsafe(32))
        for district, cadre in sorted(cast.cadres.items())
    ]
    CommitmentCard.objects.bulk_create(cards)
    commitments: list[Commitment] = []
    for card in cards:
        rows = [(item.group, item.text, year_end) for item in items]
        rows += [(Group.OWN, text, date(today.year, 6 + 6 * n, 30 if n == 0 else 31)) for n, text in enumerate(OWN)]
        for order, (group, text, due) in enumerate(rows, start=1):
            done = due <= today or rng.random() < FULFILLED
            status = Status.FULFILLED if done and rng.random() < 0.9 else Status.IN_PROGRESS
            commitments.append(Commitment(card=card, group=group, text=text, due_on=due, status=status, order=order))
    Commitment.objects.bulk_create(commitments, batch_size=1000)
    # Each fulfilled commitment's history line, as the kernel's step `fulfil` would have written it.
    events = [
        CommitmentEvent(
            commitment=c,
            step="fulfil",
            from_status=Status.IN_PROGRESS,
            to_status=Status.FULFILLED,
            actor=c.card.cadre,
            actor_name=c.card.cadre.username,
        )
        for c in commitments
        if c.status == Status.FULFILLED
    ]
    CommitmentEvent.objects.bulk_create(events, batch_size=1000)
    # The quarters of this year up to today, each rated on its first month's 15th (or today, if sooner).
    quarters = sorted({period_of(date(today.year, m, 15)) for m in range(1, today.month + 1)})
    points = Assignment.objects.filter(kind=Kind.POINT, cadre__in=[c.cadre for c in cards]).values_list(
        "cadre_id", "org_id"
    )
    chairs = dict(Grant.objects.filter(role=Role.GRASSROOTS_STAFF).values_list("org_id", "user_id"))
    by_cadre: dict[int, list[Commitment]] = {}
    for c in commitments:
        by_cadre.setdefault(c.card.cadre_id, []).append(c)
    ratings: list[Rating] = []
    now = timezone.now()
    for cadre_id, unit_id in points:
        for period in quarters:
            for c in by_cadre.get(cadre_id, []):
                if rng.random() < 0.6:
                    ratings.append(
                        Rating(
                            commitment=c,
                            unit_id=unit_id,
                            period=period,
                            score=rng.choice((3, 4, 4, 5, 5)),
                            rated_by_id=chairs.get(unit_id),
                            rated_at=now,
                        )
                    )
    Rating.objects.bulk_create(ratings, batch_size=1000)
    return {"commitment_cards": len(cards), "commitments": len(commitments), "commitment_ratings": len(ratings)}
