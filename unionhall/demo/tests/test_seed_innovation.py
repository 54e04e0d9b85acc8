"""seed_demo's worker innovation: proposals of the chair's union, a reworded one flagged with its original on
top, a worker's own from /me/, a 姑苏区 panel whose reviewers are outside the union and scored two of them,
one adopted through to a verified benefit with its evidence and a patent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from unionhall.demo.seed import seed_demo
from unionhall.innovation.models import Channel, Status, Submission
from unionhall.panels.models import PanelSubject
from unionhall.workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def test_the_demo_union_has_submissions_reviewed_by_a_panel_and_one_benefit_verified() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        result = seed_demo(members=300, seed=7, today=dt.date(2026, 11, 2))
    assert result["innovation_submissions"] == 5
    copy = Submission.objects.get(title="提升数控车床刀具使用寿命")
    original = Submission.objects.get(title="数控车床刀具寿命提升")
    assert copy.flagged and copy.similar.first().other_id == original.pk
    assert original.status == Status.BENEFIT_VERIFIED and original.evidence.count() == 1
    assert original.patents.count() == 1
    assert Submission.objects.filter(channel=Channel.PORTAL).count() == 1
    assert PanelSubject.objects.get(ref=original.pk).score_count == 3
