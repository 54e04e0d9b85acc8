"""What the studio tests share: a studio of 东方机械公司工会 (U1) led by one of its members with a second member,
a studio of 西方纺织 (U3), a submission and a patent of its members to link, and a review's PDF."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from unionhall.innovation import services, studio_services
from unionhall.innovation.models import Kind, Patent, PatentKind, Status, Studio, StudioLevel, Submission
from unionhall.innovation.tests.support import TEXT, member
from unionhall.orgs.models import OrgUnit
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

_n = itertools.count(1)
FOUNDED = dt.date(2021, 5, 1)


def studio(
    c: City,
    *,
    org: OrgUnit | None = None,
    name: str = "张建国劳模创新工作室",
    members_at: OrgUnit | None = None,
    **extra: Any,
) -> Studio:
    """A studio of `org` (U1) whose lead and second member are members of `members_at` (the studio's union)."""
    unit = org or c.u1
    lead, other = member(members_at or unit, "张建国"), member(members_at or unit, "李师傅")
    values: dict[str, Any] = {"level": StudioLevel.CITY, "founded_on": FOUNDED, "lead_title": "全国劳动模范"}
    values.update(extra)
    return studio_services.studio_create(actor=SYSTEM, org=unit, name=name, lead=lead, members=[lead, other], **values)


def studio_submission(s: Studio, *, benefit_fen: int | None = None, title: str = "刀具寿命提升") -> Submission:
    """A submission of the studio's union whose team is the studio's lead; verified at `benefit_fen` if given."""
    made = services.submission_file(
        actor=SYSTEM, org=s.org, kind=Kind.BREAKTHROUGH, title=title, content=TEXT, members=[s.lead]
    )
    if benefit_fen is not None:
        Submission.objects.filter(pk=made.pk).update(status=Status.BENEFIT_VERIFIED, verified_benefit_fen=benefit_fen)
        made.refresh_from_db()
    return made


def studio_patent(s: Studio) -> Patent:
    return services.patent_record(
        actor=SYSTEM,
        org=s.org,
        kind=PatentKind.UTILITY,
        number=f"ZL2024201234{next(_n):02d}.5",
        title="一种刀具夹持装置",
        filed_on=dt.date(2024, 3, 1),
        holders="东方机械有限公司",
        person=s.lead,
    )


def review_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("年度考评表.pdf", b"%PDF-1.4 review", content_type="application/pdf")
