"""What waits for the user among innovation submissions, for the home page's 待办 panel: the submissions
recommended in their reach that they may send to review, workers' own proposals their union may recommend,
and the rewards awaiting their approval."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.innovation import nav


def todo(user: Any) -> list[dict[str, Any]]:
    out = []
    count = nav.waiting_forward(user)
    if count:
        out.append(
            {
                "label": "待推荐上报的职工创新成果",
                "count": count,
                "url": f"{reverse('innovation:list')}?status=submitted",
            }
        )
    count = nav.waiting_review(user)
    if count:
        out.append(
            {"label": "待送评审的创新成果", "count": count, "url": f"{reverse('innovation:list')}?status=forwarded"}
        )
    rewards = nav.rewards_waiting(user)
    if rewards:
        out.append(
            {
                "label": "待审批的创新成果奖励",
                "count": rewards,
                "url": f"{reverse('innovation:rewards')}?status=proposed",
            }
        )
    out.extend(studio_todo(user))
    return out


def studio_todo(user: Any) -> list[dict[str, Any]]:
    """Studios awaiting this year's review by the user's federation (from the review month on)."""
    count = nav.studios_due(user)
    if not count:
        return []
    return [{"label": "待年度考评的创新工作室", "count": count, "url": f"{reverse('innovation:studios')}?due=1"}]
