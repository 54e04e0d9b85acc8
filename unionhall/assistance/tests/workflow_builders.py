"""Builders of the archive's life for the generic walk of every workflow table (unionhall/workflow/tests):
an archive at the grassroots union in the status asked for, the visits and dates its guards look for on
file, and a user whose role takes the step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from unionhall.assistance.disbursements.tests import workflow_builders as disbursements
from unionhall.assistance.models import HardshipFile, VisitKind
from unionhall.assistance.tests.support import visit
from unionhall.orgs.access import Cap
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def archive(c: City, status: str, t: Transition) -> Setup:
    today = timezone.localdate()
    f = hardship_file(c.u1, status=status)
    # every guard satisfied at once: a confirmed visit of each kind, a notice over, an exit behind
    HardshipFile.objects.filter(pk=f.pk).update(
        notice_ends_on=today - timedelta(days=1), exited_on=today - timedelta(days=3)
    )
    for kind in (VisitKind.VERIFICATION, VisitKind.REVIEW, VisitKind.FOLLOW_UP):
        visit(f, kind)
    f.refresh_from_db()
    who = "cadre_t1" if t.cap == Cap.ASSISTANCE_VERIFY else "chair_u1"
    return Setup(obj=f, actor=c.users[who])


BUILDERS: dict[str, Any] = {"hardship_file": archive, **disbursements.BUILDERS}
