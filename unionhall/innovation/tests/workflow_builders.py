"""Builder of a submission's life for the generic walk of every workflow table (unionhall/workflow/tests): a
submission of 东方机械公司工会 in the status asked for, with an open panel of 东区 to send it to and a PDF for
the verified benefit's evidence; 东区's cadre acts."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.innovation import reward_services
from unionhall.innovation.models import Reward, RewardStatus, Studio, Submission
from unionhall.innovation.tests.studio_support import studio
from unionhall.innovation.tests.support import innovation_budget, panel, pdf, submission, verified
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


def a_reward(c: City, status: str, t: Transition) -> Setup:
    """A reward of U1's verified submission proposed by T1's cadre, from 东区's innovation budget, put in the
    status asked for (committed first when approved: its money set aside); 东区's cadre acts."""
    made = reward_services.reward_propose(
        actor=c.users["cadre_t1"], submission=verified(c), budget=innovation_budget(c)
    )
    if status in (RewardStatus.APPROVED, RewardStatus.PAID):
        made = reward_services.reward_approve(actor=c.users["city_admin"], reward=made)
    if status == RewardStatus.PAID:
        made = reward_services.reward_pay(
            actor=c.users["city_admin"], reward=made, paid_on=timezone.localdate(), bank_ref="B1"
        )
    if status != made.status:
        Reward.objects.filter(pk=made.pk).update(status=status)
        made.refresh_from_db()
    params: dict[str, Any] = {}
    if t.name == "pay":
        params = {"paid_on": timezone.localdate(), "bank_ref": "B20261207"}
    return Setup(obj=made, actor=c.users["cadre_d1"], params=params)


BUILDERS: dict[str, Any] = {"submission": a_submission, "reward": a_reward}


def a_studio(c: City, status: str, t: Transition) -> Setup:
    """A studio of U1 in the status asked for; 东区's cadre (above 东一街道, the federation over U1) acts."""
    made = studio(c)
    if status != made.status:
        Studio.objects.filter(pk=made.pk).update(status=status)
        made.refresh_from_db()
    return Setup(obj=made, actor=c.users["cadre_d1"])


BUILDERS["studio"] = a_studio
