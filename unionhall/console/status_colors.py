"""The colour of every status tag, one dict per status enumeration (the one place to change them).

Green is done, blue in progress, orange waiting on someone, red refused or overdue, grey closed or
withdrawn; a risk's level keeps its own colour. The `status_tag` filter finds a field's enumeration by its
choices, so a page writes `{{ case|status_tag }}` and never a colour; `tests/test_status_colors.py`
fails on a status left without one.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from unionhall.assistance.models import DisbursementStatus, FileStatus
from unionhall.cards.models import CardStatus
from unionhall.commitments.models import Status as CommitmentStatus
from unionhall.competitions.models import CompetitionStatus, ResultStatus
from unionhall.contests.models import ContestStatus
from unionhall.coverage.models import TaskStatus
from unionhall.imports.models import JobStatus
from unionhall.innovation.models import Status as SubmissionStatus
from unionhall.innovation.models import StudioStatus
from unionhall.joining.models import ApplicationStatus
from unionhall.meetings.models import MeetingStatus
from unionhall.members.models import MembershipStatus, TransferRequest
from unionhall.orgs.models import OrgStatus
from unionhall.panels.models import PanelStatus
from unionhall.responsibility.models import ProblemStatus
from unionhall.rights.models import CaseStatus, RiskLevel, RiskStatus
from unionhall.supervision.models import TaskStatus as SupervisedStatus

GREEN, BLUE, ORANGE, RED, GREY, YELLOW, PURPLE = "green", "blue", "orange", "red", "secondary", "yellow", "purple"

COLOURS: dict[type[Enum], dict[str, str]] = {
    FileStatus: {
        "draft": GREY,
        "submitted": ORANGE,
        "verified": BLUE,
        "notice": PURPLE,
        "approved": GREEN,
        "rejected": RED,
        "exited": GREY,
        "returned": ORANGE,
    },
    CardStatus: {"active": GREEN, "frozen": BLUE, "replaced": GREY, "used": GREY, "cancelled": GREY},
    TaskStatus: {"open": BLUE, "closed": GREEN},
    SupervisedStatus: {"open": ORANGE, "in_progress": BLUE, "done": GREEN, "cancelled": GREY},
    MeetingStatus: {"planned": BLUE, "held": GREEN, "cancelled": GREY},
    DisbursementStatus: {
        "requested": ORANGE,
        "partly": ORANGE,
        "approved": BLUE,
        "paid": GREEN,
        "rejected": RED,
        "cancelled": GREY,
    },
    JobStatus: {
        "uploaded": ORANGE,
        "validating": BLUE,
        "validated": ORANGE,
        "committing": BLUE,
        "committed": GREEN,
        "refused": RED,
        "failed": RED,
        "discarded": GREY,
    },
    MembershipStatus: {"active": GREEN, "retained": BLUE, "transferred": GREY, "left": GREY, "removed": RED},
    TransferRequest.Status: {
        "pending": ORANGE,
        "approved": BLUE,
        "confirmed": GREEN,
        "rejected": RED,
        "cancelled": GREY,
        "lapsed": GREY,
    },
    OrgStatus: {"active": GREEN, "merged": GREY, "dissolved": GREY},
    ApplicationStatus: {"submitted": ORANGE, "waiting": ORANGE, "approved": GREEN, "rejected": RED, "withdrawn": GREY},
    CaseStatus: {"received": ORANGE, "in_progress": BLUE, "mediating": BLUE, "closed": GREEN, "withdrawn": GREY},
    RiskLevel: {"blue": BLUE, "yellow": YELLOW, "orange": ORANGE, "red": RED},
    RiskStatus: {"reported": ORANGE, "acknowledged": BLUE, "following": BLUE, "closed": GREEN},
    ProblemStatus: {"open": ORANGE, "closed": GREEN},
    CommitmentStatus: {"in_progress": BLUE, "fulfilled": GREEN, "not_fulfilled": RED},
    SubmissionStatus: {
        "submitted": ORANGE,
        "forwarded": YELLOW,
        "under_review": BLUE,
        "adopted": GREEN,
        "not_adopted": RED,
        "implemented": GREEN,
        "benefit_verified": GREEN,
        "rewarded": PURPLE,
    },
    StudioStatus: {"active": GREEN, "revoked": GREY},
    PanelStatus: {"open": BLUE, "closed": GREY},
    CompetitionStatus: {"draft": YELLOW, "running": BLUE, "finished": GREEN, "cancelled": GREY},
    ResultStatus: {"entered": ORANGE, "verified": GREEN, "returned": RED},
    ContestStatus: {"draft": YELLOW, "running": BLUE, "finished": GREEN, "cancelled": GREY},
}


def colour_of(choices: list[tuple[str, str]], value: str) -> str:
    """The colour of `value` among a field's `choices`; grey for an enumeration nobody coloured."""
    return _colours_for(frozenset(str(v) for v, _ in choices)).get(value, GREY)


@cache
def _colours_for(values: frozenset[str]) -> dict[str, str]:
    # Asked for every row of every list: the enumeration is recognised once per set of choices.
    for enum, colours in COLOURS.items():
        if {str(member.value) for member in enum} == values:
            return colours
    return {}
