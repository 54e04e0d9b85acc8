"""seed_city's innovation studios (劳模和工匠人才创新工作室), written in bulk.

Proportions: one studio per 20,000 members (at least one per district; 50 at a million), 70 % named by the
city, 25 % by the province, 5 % national, founded over the last eight years. Each is led by a member drawn
from the register and has three to eight members of the lead's union. The federation above each studio's union
reviewed it for each of the last two years it existed (30 % 优秀, 62 % 合格, 8 % 不合格), as
studio_review_record would have written the rows, but without an evidence file (nothing is uploaded in bulk);
one studio in twenty-five failed both years and is flagged. Studios link no results: the city's data holds no
innovation submissions or patents. Run last, so the draws of the other modules stay as they were.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Max

from unionhall.demo.city_cast import Cast, draw_members
from unionhall.innovation.models import Studio, StudioLevel, StudioMember, StudioRating, StudioReview
from unionhall.members.models import Membership, MembershipStatus, Person
from unionhall.orgs.models import OrgLevel

MEMBERS_PER_STUDIO = 20_000
LEVELS = [(StudioLevel.CITY, 70), (StudioLevel.PROVINCIAL, 25), (StudioLevel.NATIONAL, 5)]
RATINGS = [(StudioRating.EXCELLENT, 30), (StudioRating.PASS, 62), (StudioRating.FAIL, 8)]
STRUGGLING = 1 / 25
HONOURS = {
    StudioLevel.CITY: ("苏州市劳动模范", "苏州工匠", "苏州市五一劳动奖章获得者"),
    StudioLevel.PROVINCIAL: ("江苏省劳动模范", "江苏工匠", "江苏省五一劳动奖章获得者"),
    StudioLevel.NATIONAL: ("全国劳动模范", "大国工匠", "全国五一劳动奖章获得者"),
}
KINDS = ("劳模创新工作室", "技能大师工作室", "工匠创新工作室", "职工创新工作室")
COMMENTS = {
    StudioRating.EXCELLENT: "全年完成技术攻关和创新项目多项，带徒传技成效明显，评为优秀。",
    StudioRating.PASS: "按计划开展创新活动，运行正常，评为合格。",
    StudioRating.FAIL: "全年未开展有效创新活动，台账不全，评为不合格。",
}


def _pick[T](rng: random.Random, weighted: list[tuple[T, int]]) -> T:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def seed_city_studios(cast: Cast) -> dict[str, int]:
    rng, today = cast.rng, cast.today
    wanted = max(1, cast.member_count // MEMBERS_PER_STUDIO)
    top = int(Person.objects.aggregate(m=Max("id"))["m"] or 0)
    districts = sum(1 for u in cast.units.values() if u.level == OrgLevel.DISTRICT)
    drawn = draw_members(rng, max(wanted * 4, 40 * districts), top)  # enough to find every district's
    # At least one a district first, then the draw's order (every district in proportion to its size).
    leads: list[Any] = []
    seen_districts: set[int | None] = set()
    seen_unions: set[int] = set()
    for m in drawn:
        district = cast.district_of(m.org)
        if district not in seen_districts and m.org not in seen_unions:
            leads.append(m)
            seen_districts.add(district)
            seen_unions.add(m.org)
    for m in drawn:
        if len(leads) >= max(wanted, len(seen_districts)):
            break
        if m.org not in seen_unions:
            leads.append(m)
            seen_unions.add(m.org)
    studios: list[Studio] = []
    teams: list[list[int]] = []
    for m in leads:
        level = _pick(rng, LEVELS)
        others = list(
            Membership.objects.filter(org_id=m.org, status=MembershipStatus.ACTIVE)
            .exclude(person_id=m.person)
            .order_by("id")
            .values_list("person_id", flat=True)[: rng.randrange(2, 8)]
        )
        founded = today - timedelta(days=rng.randrange(60, 8 * 365))
        studios.append(
            Studio(
                name=f"{m.name}{rng.choice(KINDS)}",
                level=level,
                org_id=m.org,
                lead_id=m.person,
                lead_title=rng.choice(HONOURS[level]),
                founded_on=founded,
                created_by=cast.cadre_for(m.org),
            )
        )
        teams.append([m.person, *others])
    Studio.objects.bulk_create(studios)
    StudioMember.objects.bulk_create(
        (StudioMember(studio=s, person_id=p) for s, team in zip(studios, teams, strict=True) for p in team),
        batch_size=1000,
    )
    reviews: list[StudioReview] = []
    flagged: list[int] = []
    for s in studios:
        struggling = rng.random() < STRUGGLING
        years = [y for y in (today.year - 2, today.year - 1) if date(y, 12, 31) >= s.founded_on]
        ratings = []
        for year in years:
            rating = StudioRating.FAIL if struggling else _pick(rng, RATINGS)
            ratings.append(rating)
            reviews.append(
                StudioReview(
                    studio=s,
                    year=year,
                    rating=rating,
                    comment=COMMENTS[rating],
                    reviewer_org_id=cast.upper_federation(s.org_id),
                    recorded_by=cast.cadre_for(s.org_id),
                )
            )
        if len(ratings) == 2 and ratings == [StudioRating.FAIL, StudioRating.FAIL]:
            flagged.append(s.pk)
    StudioReview.objects.bulk_create(reviews, batch_size=1000)
    Studio.objects.filter(pk__in=flagged).update(flagged=True)
    return {
        "innovation_studios": len(studios),
        "innovation_studio_members": sum(len(t) for t in teams),
        "innovation_studio_reviews": len(reviews),
        "innovation_studios_flagged": len(flagged),
    }
