"""What the innovation tests share: members of 东方机械公司工会 (U1) and of 西方纺织 (U3), a submission filed for
them, and an open innovation panel of 东区."""

from __future__ import annotations

import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from unionhall.funds.models import Budget, Fund
from unionhall.innovation import services
from unionhall.innovation.models import Kind, Status, Submission
from unionhall.members.models import Person
from unionhall.orgs.models import OrgUnit
from unionhall.panels import services as panels
from unionhall.panels.models import Panel
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

_n = itertools.count(1)

TEXT = (
    "数控车床刀具寿命提升。通过优化切削参数和采用涂层刀片，降低刀具磨损，延长刀具使用寿命，每年节约刀具费用约十万元。"
)


def member(org: OrgUnit, name: str = "张工") -> Person:
    n = next(_n)
    return factories.join(org, name, f"320508{1970 + n // 1000 % 40}0312{n % 1000:03d}").person


def submission(
    c: City, *, org: OrgUnit | None = None, title: str = "刀具寿命提升", content: str = TEXT, **extra: Any
) -> Submission:
    unit = org or c.u1
    return services.submission_file(
        actor=SYSTEM, org=unit, kind=Kind.RATIONALIZATION, title=title, content=content, members=[member(unit)], **extra
    )


def panel(c: City, org: OrgUnit | None = None) -> Panel:
    return panels.panel_create(
        actor=SYSTEM,
        org=org or c.d1,
        title="东区职工创新成果评审",
        kind="innovation_submission",
        criteria=[panels.CriterionIn("创新性", 50), panels.CriterionIn("效益", 50)],
    )


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("创效核算表.pdf", b"%PDF-1.4 benefit", content_type="application/pdf")


def verified(c: City, benefit_fen: int = 120_000_00, **extra: Any) -> Submission:
    """A submission of U1 whose benefit a year is verified at `benefit_fen` (the steps before it taken)."""
    made = submission(c, **extra)
    Submission.objects.filter(pk=made.pk).update(status=Status.BENEFIT_VERIFIED, verified_benefit_fen=benefit_fen)
    made.refresh_from_db()
    return made


def innovation_budget(c: City, amount_fen: int = 100_000_00, at: OrgUnit | None = None) -> Budget:
    """A budget of the innovation reward fund at 东区 (or `at`; the fund InnovationSettings names), chained to
    the root."""
    the_fund = Fund.objects.filter(code="innovation").first() or factories.fund("innovation", "职工创新奖励资金")
    return factories.budget_chain(at or c.d1, amount_fen, the_fund=the_fund)
