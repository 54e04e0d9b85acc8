"""Builder of a submission's life for the generic walk of every workflow table (unionhall/workflow/tests): a
submission of 东方机械公司工会 in the status asked for, with an open panel of 东区 to send it to and a PDF for
the verified benefit's evidence; 东区's cadre acts."""

from __future__ import annotations

from typing import Any

from unionhall.innovation.models import Submission
from unionhall.innovation.tests.support import panel, pdf, submission
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def a_submission(c: City, status: str, t: Transition) -> Setup:
    made = submission(c)
    Submission.objects.filter(pk=made.pk).update(status=status, verified_benefit_fen=100_000_00)
    made.refresh_from_db()
    params: dict[str, Any] = {}
    if t.name == "review":
        params["panel"] = panel(c)
    if t.name == "verify_benefit":
        params = {"benefit_fen": 120_000_00, "upload": pdf()}
    return Setup(obj=made, actor=c.users["cadre_d1"], params=params)


BUILDERS: dict[str, Any] = {"submission": a_submission}
