"""The demo's innovation studios (劳模和工匠人才创新工作室): three at three levels.

- 市级, at the chair's union (the one demo/innovation.py filed for), led by the lead of its verified proposal,
  with two more of its members; the proposals its members made and the patent are linked, so its page shows
  the verified benefit; 东一街道 (the federation above) reviewed it last year: 优秀.
- 省级, at another enterprise union of 姑苏区 with members, registered by the district's cadre.
- 全国, at a union of 吴中区, registered by 吴中区's cadre.

Acted through the services, so every step is audited like a real one. A union with too few members is
skipped (a very small demo).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from unionhall.accounts.models import User
from unionhall.innovation import studio_services
from unionhall.innovation.models import (
    Patent,
    StudioLevel,
    StudioRating,
    Submission,
    SubmissionMember,
)
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs.models import OrgLevel, OrgUnit


def _people(union: OrgUnit, count: int, *, skip: frozenset[int] | set[int] = frozenset()) -> list[Person]:
    memberships = Membership.objects.filter(org=union, status__in=OPEN_STATUSES).select_related("person")
    return [m.person for m in memberships.order_by("id") if m.person_id not in skip][:count]


def _largest_union(under: OrgUnit, *, besides: set[int]) -> OrgUnit | None:
    row = (
        Membership.objects.filter(
            org__path__startswith=under.path, org__level=OrgLevel.GRASSROOTS, status__in=OPEN_STATUSES
        )
        .exclude(org_id__in=besides)
        .values("org")
        .annotate(n=Count("id"))
        .order_by("-n", "org")
        .first()
    )
    if row is None or row["n"] < 3:
        return None
    return OrgUnit.objects.get(pk=row["org"])


def seed_studios(*, today: dt.date) -> dict[str, Any]:
    chair = User.objects.get(username="chair_demo")
    made = 0
    reviews = 0
    # 1. 市级, where the demo's proposals were filed (the verified one's lead leads it).
    verified = Submission.objects.filter(verified_benefit_fen__isnull=False).select_related("org").first()
    used: set[int] = set()
    if verified is not None:
        union = verified.org
        lead_row = SubmissionMember.objects.filter(submission=verified, is_lead=True).select_related("person").first()
        assert lead_row is not None
        lead = lead_row.person
        registrar = chair if union.code == "SZ-GS-01-E01" else User.objects.get(username="cadre_town")
        members = [lead, *_people(union, 2, skip={lead.pk})]
        first = studio_services.studio_create(
            actor=registrar,
            org=union,
            name=f"{lead.name}劳模创新工作室",
            level=StudioLevel.CITY,
            lead=lead,
            lead_title="苏州市劳动模范",
            founded_on=dt.date(today.year - 3, 4, 28),
            members=members,
        )
        made += 1
        used.add(union.pk)
        team = {p.pk for p in members}
        theirs = [
            s
            for s in Submission.objects.filter(org=union).order_by("id")
            if set(SubmissionMember.objects.filter(submission=s).values_list("person_id", flat=True)) & team
        ]
        patents = list(Patent.objects.filter(org=union, person_id__in=team))
        if theirs or patents:
            studio_services.studio_results_link(actor=registrar, studio=first, submissions=theirs, patents=patents)
        evidence = SimpleUploadedFile(
            "年度考评表.pdf", b"%PDF-1.4\n% demo studio review\n", content_type="application/pdf"
        )
        studio_services.studio_review_record(
            actor=User.objects.get(username="cadre_town"),
            studio=first,
            year=today.year - 1,
            rating=StudioRating.EXCELLENT,
            comment="全年完成技术攻关三项，带徒六名，创效显著，评为优秀。",
            upload=evidence,
        )
        reviews += 1
    # 2. 省级 and 3. 全国, at the largest other unions of 姑苏区 and 吴中区.
    for district, cadre, level, title, honour in (
        ("SZ-GS", "cadre_gusu", StudioLevel.PROVINCIAL, "技能大师工作室", "江苏工匠"),
        ("SZ-WZ", "cadre_wuzhong", StudioLevel.NATIONAL, "劳模创新工作室", "全国劳动模范"),
    ):
        where = OrgUnit.objects.filter(code=district).first()
        other = _largest_union(where, besides=used) if where is not None else None
        if other is None:
            continue
        people = _people(other, 4)
        studio_services.studio_create(
            actor=User.objects.get(username=cadre),
            org=other,
            name=f"{people[0].name}{title}",
            level=level,
            lead=people[0],
            lead_title=honour,
            founded_on=dt.date(today.year - 5, 5, 1),
            members=people,
        )
        made += 1
        used.add(other.pk)
    return {"innovation_studios": made, "innovation_studio_reviews": reviews}
